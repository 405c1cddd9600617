/// Structural validation: whether a plan is well-formed enough for any adapter to read and export.
/// Clinical limits and what a vendor can represent are checked elsewhere (vendor profiles).
public enum PlanValidator {
    /// Tolerance for unit quaternions and identity stage-0 poses.
    static let rotationTolerance = 1e-6
    /// Tolerance for crown-frame orthonormality (frames are often derived from meshes in Float32).
    static let frameTolerance = 1e-4

    /// Every structural problem of `plan`, in a deterministic order; empty when the plan is valid.
    public static func validate(_ plan: TreatmentPlan) -> [PlanProblem] {
        var out = [PlanProblem]()
        let metadata = plan.metadata
        if metadata.caseID.allSatisfy(\.isWhitespace) {
            out.append(PlanProblem(.emptyCaseID, at: PlanLocation(field: "caseID"),
                                   "The case identifier is empty; set the id marked on every model and aligner."))
        }
        if metadata.wearIntervalDays <= 0 {
            out.append(PlanProblem(.wearInterval, at: PlanLocation(field: "wearIntervalDays"),
                                   "Wear interval is \(metadata.wearIntervalDays) days; it must be at least 1 (7–21 is usual)."))
        }
        if plan.arches.isEmpty {
            out.append(PlanProblem(.noArch, at: PlanLocation(), "The plan has no arch; add the upper and/or lower arch."))
        }
        var seen = Set<Jaw>()
        for arch in plan.arches {
            if !seen.insert(arch.jaw).inserted {
                out.append(PlanProblem(.duplicateArch, at: PlanLocation(arch: arch.jaw),
                                       "The plan has more than one \(arch.jaw.rawValue) arch; keep one per jaw."))
            }
            var checker = ArchChecker(arch: arch)
            checker.checkTeeth()
            checker.checkStages()
            checker.checkIPR()
            checker.checkAttachments()
            out += checker.problems
        }
        return out
    }
}

/// The checks of one arch, sharing what they derive from it.
struct ArchChecker {
    let arch: Arch
    /// Every tooth id of the arch, any status.
    let known: Set<ToothID>
    /// Ids of teeth with a crown (present, implant, pontic), in stored order without repeats.
    let movable: [ToothID]
    /// The highest stage index (0 without stages).
    let lastStage: Int
    /// An arch without teeth: whole-arch models only (as read from a baked format such as ref-sealed).
    /// Its attachments and IPR still name teeth, which can be checked against the jaw but no tooth list.
    var isUnsegmented: Bool { arch.teeth.isEmpty }
    var problems: [PlanProblem] = []

    init(arch: Arch) {
        self.arch = arch
        known = Set(arch.teeth.map(\.id))
        var seen = Set<ToothID>()
        movable = arch.movableTeeth.map(\.id).filter { seen.insert($0).inserted }
        lastStage = arch.stages.map(\.index).max() ?? 0
    }

    mutating func add(_ code: PlanProblem.Code, stage: Int? = nil, tooth: ToothID? = nil, contact: String? = nil,
                      field: String? = nil, _ message: String) {
        problems.append(PlanProblem(code, at: PlanLocation(arch: arch.jaw, stage: stage, tooth: tooth,
                                                           contact: contact, field: field), message))
    }
}
