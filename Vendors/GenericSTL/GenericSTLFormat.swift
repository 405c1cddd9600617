import ArchiveIO
import PlanModel
import VendorKit

/// The fixed names and numbers of the generic-stl layout (FORMAT.md): one place, so writer, reader,
/// probe and tests cannot drift apart.
public enum GenericSTLFormat {
    /// The value of manifest.json's `format`.
    public static let formatName = "aligngate.generic-stl"
    /// MAJOR.MINOR; a reader refuses a newer major version.
    public static let version = "1.0"
    /// manifest.json's `units`: every length is millimetres.
    public static let units = "mm"
    /// manifest.json's `numbering`: FDI / ISO 3950 tooth numbers.
    public static let numbering = "FDI"

    /// The authoritative description of the archive, always its first entry.
    public static let manifestPath = "manifest.json"
    /// The case sheet.
    public static let readmePath = "README.txt"
    /// The movement table.
    public static let movementsPath = "movements.csv"
    /// The IPR chart.
    public static let iprPath = "ipr.csv"
    /// The derived files, in archive order: the manifest is authoritative, these are for people and labs.
    public static let derivedPaths = [readmePath, movementsPath, iprPath]

    /// Every entry is deflated at this level (text and STL both compress well).
    public static let compression = EntryCompression.deflate(level: 6)

    /// A crown or attachment in a stage model may deviate this much (mm) from the manifest's geometry.
    public static let geometryTolerance = 1e-3

    /// Finding codes this adapter emits (FORMAT.md, "Intake").
    public enum Code {
        /// A stage model or the template differs from the manifest's geometry (error).
        public static let stageMeshMismatch = "generic-stl.stage-mesh-mismatch"
        /// An entry outside the layout (note).
        public static let unknownEntry = "generic-stl.unknown-entry"
        /// movements.csv or ipr.csv disagrees with the manifest (warning).
        public static let tableMismatch = "generic-stl.table-mismatch"
        /// README.txt is not the sheet the manifest gives (warning).
        public static let sheetMismatch = "generic-stl.sheet-mismatch"
        /// README.txt or a CSV is missing (warning).
        public static let derivedFileMissing = "generic-stl.derived-file-missing"
        /// Every code above, as `formatFindingCodes` declares them.
        public static let all = [stageMeshMismatch, unknownEntry, tableMismatch, sheetMismatch, derivedFileMissing]
    }

    /// `<jaw>/stage-NN.stl` (`StageNaming`'s digits).
    public static func stagePath(_ jaw: Jaw, stage: Int, digits: Int) -> String {
        "\(jaw.rawValue)/stage-\(StageNaming.padded(stage, digits: digits)).stl"
    }

    /// `<jaw>/attachment-template.stl`.
    public static func templatePath(_ jaw: Jaw) -> String { "\(jaw.rawValue)/attachment-template.stl" }

    /// The 80-byte STL header text (after MeshIO's "binary STL " prefix, so it never starts with "solid"):
    /// arch and stage first (so a long case id cannot push them out), then the case id, printable ASCII only.
    static func stlLabel(caseID: String, jaw: Jaw, what: String) -> String {
        "\(jaw.rawValue) \(what) case \(StageNaming.printableASCII(caseID))"
    }
}
