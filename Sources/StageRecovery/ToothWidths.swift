import PlanModel

/// Average mesial–distal crown widths of the permanent dentition (mm, positions 1–8 from the midline),
/// after Wheeler's Dental Anatomy tables: what numbering compares the measured widths with.
public enum ToothWidths {
    public static let upper: [Double] = [8.5, 6.5, 7.5, 7.0, 6.5, 10.0, 9.0, 8.5]
    public static let lower: [Double] = [5.0, 5.5, 7.0, 7.0, 7.0, 11.0, 10.5, 10.0]

    /// The widths for `jaw`, position 1 first.
    public static func widths(_ jaw: Jaw) -> [Double] { jaw == .upper ? upper : lower }
}
