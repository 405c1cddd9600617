import PlanModel

/// Attachment kinds the format cannot carry: lost in export, so a warning (an error under --strict).
enum AttachmentRules {
    /// Kinds that serve elastics rather than tooth movement.
    static let elasticKinds: Set<AttachmentKind> = [.hook, .button, .precisionCut]

    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        var out: [Finding] = []
        let supported = Set(d.capabilities.attachmentKinds)
        for arch in plan.arches {
            for a in arch.attachments {
                let at = FindingLocation(arch: arch.jaw, stage: a.stagePlaced, tooth: a.tooth)
                if elasticKinds.contains(a.template.kind) && !d.capabilities.elastics {
                    out.append(Finding(FindingCode.elasticsUnsupported, .warning, at: at,
                                       message: "\(a.template.kind.rawValue) for elastics on tooth \(a.tooth) cannot be carried by \(d.name).",
                                       remedy: "Order the elastic auxiliaries separately, or choose a system that cuts hooks and buttons."))
                } else if !supported.contains(a.template.kind) {
                    out.append(Finding(FindingCode.attachmentKindUnsupported, .warning, at: at,
                                       message: "\(a.template.kind.rawValue) attachment on tooth \(a.tooth) is not in \(d.name)'s attachment library and would be lost.",
                                       remedy: "Replace it with a supported kind (\(d.capabilities.attachmentKinds.map(\.rawValue).prefix(4).joined(separator: ", "))…) in the plan."))
                }
            }
        }
        return out
    }
}
