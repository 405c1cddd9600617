import ArchiveIO
import PlanModel
import VendorKit

/// The fixed names and numbers of the ref-sealed layout (FORMAT.md): one place, so writer, reader,
/// probe and tests cannot drift apart.
public enum RefSealedFormat {
    /// The adapter's id, used as the vendor in errors.
    public static let vendor = "ref-sealed"
    /// The value of order.json's `format`.
    public static let formatName = "aligngate.ref-sealed"
    /// MAJOR.MINOR; a reader refuses a newer major version.
    public static let version = "1.0"
    /// order.json's `units`: every length is millimetres.
    public static let units = "mm"
    /// order.json's `numbering`: FDI / ISO 3950.
    public static let numbering = "FDI"

    /// The order, always the archive's first entry.
    public static let orderPath = "order.json"
    /// Every model lives in this folder.
    public static let modelFolder = "models/"

    /// Every entry is deflated at this level (JSON and STL both compress well).
    public static let compression = EntryCompression.deflate(level: 6)

    /// `models/<jaw>-NN.stl`: the arch's baked model at stage NN (`StageNaming`'s digits: more than 2
    /// only for a forced export over the 50-stage cap).
    public static func stagePath(_ jaw: Jaw, stage: Int, digits: Int) -> String {
        "\(modelFolder)\(jaw.rawValue)-\(StageNaming.padded(stage, digits: digits)).stl"
    }

    /// `models/<jaw>-template.stl`: the attachment-template model.
    public static func templatePath(_ jaw: Jaw) -> String { "\(modelFolder)\(jaw.rawValue)-template.stl" }

    /// The STL header text (after MeshIO's "binary STL " prefix): arch and model first, then the case id,
    /// printable ASCII only. The header is inside the encrypted entry, so the case id is not exposed.
    static func stlLabel(caseID: String, jaw: Jaw, what: String) -> String {
        "\(jaw.rawValue) \(what) case \(StageNaming.printableASCII(caseID))"
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
