import PlanModel

/// The shared rules every adapter's check runs: structure, numbering, stages and movement limits, IPR,
/// attachments, meshes and what the format cannot carry. Pure: no I/O.
public enum RuleLibrary {
    /// Every finding for `plan` going to the system `descriptor` describes, in a stable order.
    public static func check(_ plan: TreatmentPlan, against descriptor: VendorDescriptor) -> Report {
        var findings = StructureRules.check(plan)
        findings += NumberingRules.check(plan, descriptor)
        findings += StageRules.check(plan, descriptor)
        findings += CollisionRules.check(plan, descriptor)
        findings += IPRRules.check(plan, descriptor)
        findings += AttachmentRules.check(plan, descriptor)
        findings += MeshRules.check(plan, descriptor)
        findings += CaseRules.check(plan, descriptor)
        return Report(findings)
    }
}

/// Structural problems (PlanValidator) block every export: each becomes an error with the problem's code.
enum StructureRules {
    static func check(_ plan: TreatmentPlan) -> [Finding] {
        PlanValidator.validate(plan).map { p in
            Finding(p.code.rawValue, .error,
                    at: FindingLocation(arch: p.location.arch, stage: p.location.stage, tooth: p.location.tooth,
                                        file: p.location.field),
                    message: p.message, remedy: "Correct the plan in the planning software and export it again.")
        }
    }
}

/// Teeth the format's numbering or dentition cannot name.
enum NumberingRules {
    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        guard !d.capabilities.primaryTeeth else { return [] }
        return plan.arches.flatMap { arch in
            arch.teeth.filter { $0.id.isPrimary }.map { tooth in
                Finding(FindingCode.primaryTooth, .error, at: FindingLocation(arch: arch.jaw, tooth: tooth.id),
                        message: "\(d.name) takes permanent teeth only; tooth \(tooth.id) is a primary tooth.",
                        remedy: "Send this case to a system that takes primary teeth (mixed dentition).")
            }
        }
    }
}
