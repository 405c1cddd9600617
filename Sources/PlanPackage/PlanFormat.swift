import PlanModel

/// Constants of the native `.alignplan` format (docs/PLAN-FORMAT.md).
public enum PlanFormat {
    /// Identifies plan.json as ours.
    public static let formatName = "aligngate.alignplan"
    /// The newest format version, written into plan.json when the plan uses what it added (1.2: an attachment
    /// of kind `unknown` or with a `label`); readers refuse a newer major version and read any minor.
    public static let version = "1.2"
    /// The version that added a derived plan's `derivation`.
    public static let derivationVersion = "1.1"
    /// The version written for a plan that needs nothing newer: its plan.json is exactly a 1.0 document, so
    /// its revision hash (and every approval of it) is the same as before 1.1.
    public static let baseVersion = "1.0"
    public static let fileExtension = "alignplan"
    /// The document at the package root.
    public static let documentPath = "plan.json"
    /// plan.json larger than this is refused before parsing (a real plan's document is well under 10 MB).
    public static let maxDocumentBytes = 64 << 20
    /// The longest attachment `label` a reader accepts, in characters (a planner's type name is a few words).
    public static let maxLabelLength = 200
    /// A mesh file larger than this is refused before parsing (a full-arch scan is 3–15 MB).
    public static let maxMeshBytes = 512 << 20

    /// The oldest version that carries everything `plan` uses, so a plan without newer content keeps the
    /// bytes (and revision hash) it had before those versions existed.
    static func version(needed plan: TreatmentPlan) -> String {
        let attachments = plan.arches.flatMap(\.attachments)
        if attachments.contains(where: { $0.template.kind == .unknown || $0.template.label != nil }) { return version }
        return plan.derivation == nil ? baseVersion : derivationVersion
    }
}
