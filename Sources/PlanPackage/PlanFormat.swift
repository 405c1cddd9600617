/// Constants of the native `.alignplan` format (docs/PLAN-FORMAT.md).
public enum PlanFormat {
    /// The format version written into plan.json; readers refuse a newer major version.
    public static let version = "1.0"
    public static let fileExtension = "alignplan"
}
