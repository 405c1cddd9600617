/// Constants of the native `.alignplan` format (docs/PLAN-FORMAT.md).
public enum PlanFormat {
    /// Identifies plan.json as ours.
    public static let formatName = "aligngate.alignplan"
    /// The format version written into plan.json; readers refuse a newer major version.
    public static let version = "1.0"
    public static let fileExtension = "alignplan"
    /// The document at the package root.
    public static let documentPath = "plan.json"
    /// plan.json larger than this is refused before parsing (a real plan's document is well under 10 MB).
    public static let maxDocumentBytes = 64 << 20
    /// A mesh file larger than this is refused before parsing (a full-arch scan is 3–15 MB).
    public static let maxMeshBytes = 512 << 20
}
