import ArchiveIO
import PlanModel
import VendorKit

/// The fixed names and numbers of the dicom-stl layout (FORMAT.md): one place, so writer, reader, probe
/// and tests cannot drift apart.
public enum DicomSTLFormat {
    /// The adapter's id (and the vendor named in errors).
    public static let vendor = "dicom-stl"
    /// The value of dicom-index.json's `format`.
    public static let formatName = "aligngate.dicom-stl"
    /// MAJOR.MINOR; a reader refuses a newer major version.
    public static let version = "1.0"
    /// dicom-index.json's `units`: the STL models are in millimetres.
    public static let units = "mm"

    /// The index of the archive, always its first entry.
    public static let indexPath = "dicom-index.json"

    /// Every entry is deflated at this level (DICOM headers and STL both compress well).
    public static let compression = EntryCompression.deflate(level: 6)

    /// Finding codes this adapter emits (FORMAT.md, "Findings").
    public enum Code {
        /// Intake: the plan read has whole-arch models only (note, one per arch).
        public static let unsegmented = "dicom-stl.unsegmented"
        /// Intake: an entry outside the layout (note).
        public static let unknownEntry = "dicom-stl.unknown-entry"
        /// Check: the patient reference, case id or doctor cannot be written verbatim in its DICOM attribute (warning).
        public static let identifierAltered = "dicom-stl.identifier-altered"
        /// Every code above, as `formatFindingCodes` declares them.
        public static let all = [unsegmented, unknownEntry, identifierAltered]
    }

    /// `<jaw>/stage-NN.dcm` (`StageNaming`'s digits).
    public static func stagePath(_ jaw: Jaw, stage: Int, digits: Int) -> String {
        "\(jaw.rawValue)/stage-\(StageNaming.padded(stage, digits: digits)).dcm"
    }

    /// The DICOM Series Number of an arch's series: 1 upper, 2 lower.
    static func seriesNumber(_ jaw: Jaw) -> Int { jaw == .upper ? 1 : 2 }

    /// The text after MeshIO's "binary STL " prefix in each STL header: arch and stage first (so a long
    /// case id cannot push them out of the 80 bytes), then the case id, printable ASCII only.
    static func stlLabel(caseID: String, jaw: Jaw, stage: String) -> String {
        "\(jaw.rawValue) stage-\(stage) case \(StageNaming.printableASCII(caseID))"
    }
}

/// The DICOM identifiers the format uses (PS3.6 registry values and aligngate's own root).
enum DicomUIDs {
    /// Encapsulated STL Storage (Supplement 205).
    static let encapsulatedSTLStorage = "1.2.840.10008.5.1.4.1.1.104.3"
    /// Explicit VR Little Endian: the only transfer syntax written and read.
    static let explicitVRLittleEndian = "1.2.840.10008.1.2.1"
    /// aligngate's Implementation Class UID: "2.25." + the decimal of the first 16 bytes of SHA-256 over
    /// the ASCII text "aligngate.dicom-stl.implementation" — fixed here so it never changes by accident
    /// (a test recomputes it).
    static let implementationClass = "2.25.113780247661622817284773397930913986164"
    /// The Implementation Version Name (SH, ≤ 16 characters).
    static let implementationVersion = "ALIGNGATE_1.0"
}
