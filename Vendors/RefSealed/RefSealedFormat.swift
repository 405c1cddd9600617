import ArchiveIO
import PlanModel

/// The fixed names and numbers of the ref-sealed layout (FORMAT.md): one place, so writer, reader,
/// probe and tests cannot drift apart.
public enum RefSealedFormat {
    /// The adapter's id, used as the vendor in errors.
    public static let vendor = "ref-sealed"
    /// The value of order.json's `format`.
    public static let formatName = "aligngate.ref-sealed"
    /// MAJOR.MINOR; a reader refuses a newer major version.
    public static let version = "1.0"
    /// The major version this reader takes (any minor).
    public static let majorVersion = 1
    /// order.json's `units`: every length is millimetres.
    public static let units = "mm"
    /// order.json's `numbering`: FDI / ISO 3950.
    public static let numbering = "FDI"

    /// The order, always the archive's first entry.
    public static let orderPath = "order.json"
    /// order.json is text; more than this is not an order.
    public static let orderLimit = 64 << 20
    /// Every model lives in this folder.
    public static let modelFolder = "models/"

    /// Every entry is deflated at this level (JSON and STL both compress well).
    public static let compression = EntryCompression.deflate(level: 6)

    /// Digits of a stage number in file names: at least 2, more once an arch passes stage 99 (only a
    /// forced export over the 50-stage cap gets there).
    public static func stageDigits(maxIndex: Int) -> Int { max(2, String(max(0, maxIndex)).count) }

    /// `models/<jaw>-NN.stl`: the arch's baked model at stage NN.
    public static func stagePath(_ jaw: Jaw, stage: Int, digits: Int) -> String {
        let n = String(stage)
        return "\(modelFolder)\(jaw.rawValue)-\(String(repeating: "0", count: max(0, digits - n.count)))\(n).stl"
    }

    /// `models/<jaw>-template.stl`: the attachment-template model.
    public static func templatePath(_ jaw: Jaw) -> String { "\(modelFolder)\(jaw.rawValue)-template.stl" }

    /// The STL header text (after MeshIO's "binary STL " prefix): arch and model first, then the case id,
    /// printable ASCII only. The header is inside the encrypted entry, so the case id is not exposed.
    static func stlLabel(caseID: String, jaw: Jaw, what: String) -> String {
        let clean = String(caseID.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "_" })
        return "\(jaw.rawValue) \(what) case \(clean)"
    }

    /// Finding codes this adapter emits (FORMAT.md, "Intake").
    public enum Code {
        /// Entries stored without encryption (warning).
        public static let notEncrypted = "ref-sealed.not-encrypted"
        /// The stage-0 model is not millimetre-sized (warning).
        public static let unitsSuspect = "ref-sealed.units-suspect"
        /// An entry outside the layout (note).
        public static let unknownEntry = "ref-sealed.unknown-entry"
        /// Every code above, as `formatFindingCodes` declares them.
        public static let all = [notEncrypted, unitsSuspect, unknownEntry]
    }
}
