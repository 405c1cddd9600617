import ArchiveIO
import MeshIO
import PlanModel
import VendorKit

/// The fixed names and numbers of the print-3mf layout (FORMAT.md): one place, so writer, reader, probe
/// and tests cannot drift apart.
public enum Print3MFFormat {
    /// The value of print-manifest.json's `format`.
    public static let formatName = "aligngate.print-3mf"
    /// MAJOR.MINOR; a reader refuses a newer major version. 1.1: each stage 3MF builds one object, the
    /// arch model, whose components are the parts (1.0 built every part as its own item, which a slicer
    /// may rearrange on its plate); this reader still reads 1.0.
    public static let version = "1.1"
    public static let manifestPath = "print-manifest.json"

    /// The metadata namespace of the stage 3MFs, and the prefix the writer binds it to.
    public static let namespaceURI = "http://aligngate.org/3mf/plan/2026"
    public static let namespacePrefix = "ag"
    public static let application = "aligngate"

    /// The manifest is deflated; the stage 3MFs are zips already, so they are stored.
    static let manifestCompression = EntryCompression.deflate(level: 6)

    /// A pose in the manifest and its crown component's transform may differ this much (they are written from
    /// the same numbers; only a re-saved 3MF with float precision differs at all).
    static let poseTolerance = 1e-5
    /// A baked attachment solid may deviate this much (mm) from the one rebuilt from the manifest.
    static let geometryTolerance = 1e-3

    /// Finding codes this adapter emits (FORMAT.md, "Findings").
    public enum Code {
        public static let metadataMismatch = "print-3mf.metadata-mismatch"
        public static let attachmentMismatch = "print-3mf.attachment-mismatch"
        public static let geometryMismatch = "print-3mf.geometry-mismatch"
        public static let unexpectedObject = "print-3mf.unexpected-object"
        public static let unknownEntry = "print-3mf.unknown-entry"
        public static let repeatedCorner = "print-3mf.repeated-corner"
        public static let caseIDCharacters = "print-3mf.case-id-characters"
        public static let all = [metadataMismatch, attachmentMismatch, geometryMismatch, unexpectedObject, unknownEntry,
                                 repeatedCorner, caseIDCharacters]
    }

    /// The case id as file names carry it: ASCII letters, digits, '-', '_' and '.'; anything else '_'.
    public static func sanitized(_ caseID: String) -> String {
        let kept = CaseIDFileName.token(caseID, alsoKeeping: ["."])
        return kept.isEmpty ? "case" : kept
    }

    /// A stage number with at least two digits.
    public static func stageNumber(_ stage: Int) -> String {
        let n = String(stage)
        return n.count >= 2 ? n : "0" + n
    }

    /// `<jaw>/<case>-<jaw>-stage-NN.3mf`.
    public static func stagePath(caseID: String, jaw: Jaw, stage: Int) -> String {
        "\(jaw.rawValue)/\(sanitized(caseID))-\(jaw.rawValue)-stage-\(stageNumber(stage)).3mf"
    }

    /// What a lab imprints on the model: "<case id> U 07".
    public static func label(caseID: String, jaw: Jaw, stage: Int) -> String {
        "\(caseID) \(jaw == .upper ? "U" : "L") \(stageNumber(stage))"
    }

    /// The 3MF Title: "<case id> upper stage 7".
    static func title(caseID: String, jaw: Jaw, stage: Int) -> String { "\(caseID) \(jaw.rawValue) stage \(stage)" }

    /// The arch model's object: "<case id> upper stage 07".
    static func archObjectName(caseID: String, jaw: Jaw, stage: Int) -> String {
        "\(caseID) \(jaw.rawValue) stage \(stageNumber(stage))"
    }

    static func crownObjectName(_ tooth: ToothID) -> String { "tooth-\(tooth.fdi)" }
    static let gingivaObjectName = "gingiva"
    static func attachmentObjectName(_ a: Attachment) -> String { "attachment-\(a.tooth.fdi)-\(a.template.kind.rawValue)" }

    /// `prefix:name` of one of the stage 3MF's own metadata.
    static func metadataName(_ local: String) -> String { "\(namespacePrefix):\(local)" }
}
