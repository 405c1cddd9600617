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
                } else if a.template.kind == .unknown && !supported.contains(.unknown) {
                    out.append(unknownKindLost(a, at: at, d))
                } else if !supported.contains(a.template.kind) {
                    // Baked formats keep the solid in the stage models; what is lost is the attachment as data.
                    let lost = d.capabilities.bakedStageMeshes
                        ? "would be lost as an attachment (its solid stays in the baked models, but not its kind, placement or template)"
                        : "would be lost"
                    let kinds = d.capabilities.attachmentKinds.map(\.rawValue)
                    let remedy = kinds.isEmpty
                        ? "\(d.name) carries no attachments: send the attachment plan and template with the order, or choose a system that carries them."
                        : "Replace it with a supported kind (\(kinds.prefix(4).joined(separator: ", "))\(kinds.count > 4 ? "…" : "")) in the plan."
                    out.append(Finding(FindingCode.attachmentKindUnsupported, .warning, at: at,
                                       message: "\(a.template.kindDescription) attachment on tooth \(a.tooth) is not in \(d.name)'s attachment library and \(lost).",
                                       remedy: remedy))
                }
            }
        }
        return out
    }

    /// An attachment of unknown kind has no template solid: a system without the kind loses it as data, and
    /// baked models cannot hold it either, as aligngate will not invent a shape for it.
    private static func unknownKindLost(_ a: Attachment, at: FindingLocation, _ d: VendorDescriptor) -> Finding {
        let source = a.template.label.map { " (the source calls it “\($0)”)" } ?? ""
        let baked = d.capabilities.bakedStageMeshes ? ", and with no known shape it is not baked into the models either" : ""
        return Finding(FindingCode.attachmentKindUnsupported, .warning, at: at,
                       message: "The attachment of unknown kind\(source) on tooth \(a.tooth) cannot be carried by \(d.name)\(baked).",
                       remedy: "Identify its kind\(source) and set it in the plan, or send the attachment with the order.")
    }
}
