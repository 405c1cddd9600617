import PlanModel
import VendorKit

/// The fixed names of the OnyxCeph³-style export layout (FORMAT.md) and this adapter's finding codes, in
/// one place so writer, reader, probe and tests cannot drift apart.
public enum OnyxCephFormat {
    /// The adapter's id.
    public static let vendor = "onyxceph"
    /// The layout generation this adapter writes (the current one; the older one is read too).
    public static let version = "OnyxCeph3-export"

    /// The arch letter of the current generation's names: `U` upper, `L` lower.
    public static func letter(_ jaw: Jaw) -> String { jaw == .upper ? "U" : "L" }
    /// The gingiva object's name: `Maxilla` (upper) or `Mandible` (lower); also the closing row of a
    /// movement-totals block.
    public static func gingivaName(_ jaw: Jaw) -> String { jaw == .upper ? "Maxilla" : "Mandible" }

    /// `Step N - Obj3D U.obj`.
    public static func modelName(step: Int, jaw: Jaw) -> String { "Step \(step) - Obj3D \(letter(jaw)).obj" }
    /// `Step N - Info.csv`.
    public static func infoName(step: Int) -> String { "Step \(step) - Info.csv" }
    /// `Step N - Info.json` (read where no CSV exists).
    public static func infoJSONName(step: Int) -> String { "Step \(step) - Info.json" }
    /// `Step N - Protocol Stripping U.csv`.
    public static func strippingName(step: Int, jaw: Jaw) -> String { "Step \(step) - Protocol Stripping \(letter(jaw)).csv" }
    /// `Step N - Protocol Movement Total U.csv`.
    public static func movementName(step: Int, jaw: Jaw) -> String { "Step \(step) - Protocol Movement Total \(letter(jaw)).csv" }

    /// Finding codes this adapter emits (FORMAT.md, "Findings"; docs/FINDINGS.md).
    public enum Code {
        /// The layout carries no case metadata: the case id comes from the folder name (note, check and intake).
        public static let noCaseMetadata = "onyxceph.no-case-metadata"
        /// The case id has characters a folder name cannot keep and is written changed (warning, check).
        public static let caseIDChanged = "onyxceph.case-id-changed"
        /// A rectangular attachment whose kind disagrees with its width and height reads back as the other kind (warning, check).
        public static let rectangleOrientation = "onyxceph.rectangle-orientation"
        /// An attachment type text this adapter does not know: kept as kind unknown with the text as its label (warning, intake).
        public static let unknownAttachment = "onyxceph.unknown-attachment"
        /// A `Tooth NN (Copy)` object: ignored beside its original, or read as the tooth when alone (note, intake).
        public static let copyObject = "onyxceph.copy-object"
        /// A pose recovered from the geometry because the Info table or its row is missing or unusable (warning, intake).
        public static let poseRecovered = "onyxceph.pose-recovered"
        /// A step's object is not the step-0 object moved by the Info table's pose (warning, intake).
        public static let poseGeometryMismatch = "onyxceph.pose-geometry-mismatch"
        /// The movement totals disagree with the poses beyond their rounding (warning, intake).
        public static let movementMismatch = "onyxceph.movement-mismatch"
        /// The movement totals could not be read: not cross-checked (warning, intake).
        public static let movementUnreadable = "onyxceph.movement-unreadable"
        /// The stripping protocol of the arch's last step is missing: IPR from an earlier one, or none (warning, intake).
        public static let strippingOutdated = "onyxceph.stripping-outdated"
        /// A stripped surface with no neighbour in the arch to pair with (warning, intake).
        public static let strippingUnpaired = "onyxceph.stripping-unpaired"
        /// A stripping or movement protocol of an earlier step is missing: nothing lost (note, intake).
        public static let protocolMissing = "onyxceph.protocol-missing"
        /// A stripping or movement protocol of an earlier step cannot be read: not used anyway (warning, intake).
        public static let protocolUnreadable = "onyxceph.protocol-unreadable"
        /// Crown frames estimated from the crowns: the older generation stores none (note, intake).
        public static let framesEstimated = "onyxceph.frames-estimated"
        /// A file the layout has but this adapter does not read (distances, landmarks) or does not know (note, intake).
        public static let notRead = "onyxceph.not-read"
        /// Every code above, as `formatFindingCodes` declares them.
        public static let all = [noCaseMetadata, caseIDChanged, rectangleOrientation, unknownAttachment,
                                 copyObject, poseRecovered, poseGeometryMismatch, movementMismatch, movementUnreadable,
                                 strippingOutdated, strippingUnpaired, protocolMissing, protocolUnreadable, framesEstimated, notRead]
    }

    /// The folder name written for a case id: every character outside [A-Za-z0-9_-] becomes `_`.
    public static func folderName(forCaseID caseID: String) -> String {
        let safe = CaseIDFileName.token(caseID)
        return safe.isEmpty ? "case" : safe
    }
}
