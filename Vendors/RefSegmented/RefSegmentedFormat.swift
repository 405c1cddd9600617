import PlanModel
import VendorKit

/// The fixed names and numbers of the ref-segmented layout (FORMAT.md): one place, so writer, reader,
/// probe and tests cannot drift apart.
public enum RefSegmentedFormat {
    /// The adapter's id, used as the vendor in errors.
    public static let vendor = "ref-segmented"
    /// The value of the root element's `format` attribute.
    public static let formatName = "aligngate.ref-segmented"
    /// MAJOR.MINOR; a reader refuses a newer major version.
    public static let version = "1.0"
    /// The root element of case.xml.
    public static let rootElement = "refSegmentedCase"
    /// The root's `units`: every length is millimetres.
    public static let units = "mm"
    /// The root's `numbering`: Universal / ADA, permanent teeth 1–32.
    public static let numbering = "universal"

    /// The manifest, always the archive's first entry.
    public static let manifestPath = "case.xml"

    /// `teeth/<jaw>/tooth-<universal>.ply`: one crown, at stage 0, in model coordinates.
    public static func crownPath(_ jaw: Jaw, universal: Int) -> String { "teeth/\(jaw.rawValue)/tooth-\(universal).ply" }

    /// `teeth/<jaw>/gingiva.ply`: the arch's gingiva and base.
    public static func gingivaPath(_ jaw: Jaw) -> String { "teeth/\(jaw.rawValue)/gingiva.ply" }

    /// The PLY comment line: what the file is, so a person opening one PLY knows where it belongs.
    static func plyComment(caseID: String, jaw: Jaw, what: String) -> String {
        "ref-segmented case \(StageNaming.printableASCII(caseID)) \(jaw.rawValue) \(what)"
    }

    /// The Universal number (1–32) of a permanent tooth; nil for a primary tooth, which this format does not number.
    static func universalNumber(_ id: ToothID) -> Int? { id.isPrimary ? nil : Int(id.universal) }

    /// Finding codes this adapter emits (FORMAT.md, "Check" and "Intake").
    public enum Code {
        /// Case text with characters XML 1.0 cannot carry (warning).
        public static let textUnrepresentable = "ref-segmented.text-unrepresentable"
        /// An entry outside the layout (note).
        public static let unknownEntry = "ref-segmented.unknown-entry"
        /// Every code above, as `formatFindingCodes` declares them.
        public static let all = [textUnrepresentable, unknownEntry]
    }
}
