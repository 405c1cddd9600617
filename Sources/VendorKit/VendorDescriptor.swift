import ArchiveIO
import PlanModel

/// What a vendor adapter is and can do, as data: read without running anything
/// (`aligngate vendors show ID` prints it; nothing keeps a second list).
public struct VendorDescriptor: Sendable, Hashable, Codable {
    /// Stable lower-case id, e.g. "generic-stl".
    public var id: String
    /// Display name.
    public var name: String
    /// One line on who takes this format.
    public var summary: String
    /// The version of the vendor format this adapter writes and reads.
    public var formatVersion: String
    /// The archive container.
    public var container: Container
    /// File extensions of the archive, without the dot, most usual first.
    public var extensions: [String]
    /// How teeth are numbered inside the archive.
    public var numbering: ToothNotation
    /// How meshes are stored.
    public var meshEncoding: MeshEncodingKind
    /// Export, intake or both.
    public var direction: Direction
    /// What the format can represent.
    public var capabilities: Capabilities
    /// The system's clinical and production rules.
    public var profile: RuleProfile
    /// The deflate level (1…9) the adapter's mesh entries are written at; nil when it declares none.
    /// The benchmark's floors compress at it.
    public var deflateLevel: Int?

    public init(id: String, name: String, summary: String, formatVersion: String, container: Container,
                extensions: [String], numbering: ToothNotation, meshEncoding: MeshEncodingKind,
                direction: Direction, capabilities: Capabilities, profile: RuleProfile, deflateLevel: Int? = nil) {
        self.id = id
        self.name = name
        self.summary = summary
        self.formatVersion = formatVersion
        self.container = container
        self.extensions = extensions
        self.numbering = numbering
        self.meshEncoding = meshEncoding
        self.direction = direction
        self.capabilities = capabilities
        self.profile = profile
        self.deflateLevel = deflateLevel
    }

    /// Archive containers an adapter may use.
    public enum Container: String, Sendable, Hashable, Codable, CaseIterable {
        case zip, encryptedZip = "zip-aes256", tarGzip = "tar.gz", tarXz = "tar.xz", tarZstd = "tar.zst"
        /// A folder or a zip of it (the native format).
        case folderOrZip = "folder-or-zip"
    }

    /// How meshes are stored in the archive.
    public enum MeshEncodingKind: String, Sendable, Hashable, Codable, CaseIterable {
        case binarySTL = "stl-binary", asciiSTL = "stl-ascii", binaryPLY = "ply-binary", obj, threeMF = "3mf"
        case encapsulatedSTL = "dicom-encapsulated-stl"
    }

    /// Which way the adapter converts.
    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        case export, intake, both

        public var exports: Bool { self != .intake }
        public var ingests: Bool { self != .export }
    }

    /// What a format can carry; anything a plan has that is not listed is a loss (a warning finding).
    public struct Capabilities: Sendable, Hashable, Codable {
        /// One mesh per tooth (and poses), not only whole-arch models.
        public var segmentedTeeth: Bool
        /// One baked model per arch and stage.
        public var bakedStageMeshes: Bool
        /// Attachment kinds the format can carry (as templates or solids).
        public var attachmentKinds: [AttachmentKind]
        public var ipr: Bool
        /// Hooks, buttons and precision cuts for elastics.
        public var elastics: Bool
        public var passiveStages: Bool
        public var overcorrectionStages: Bool
        /// Primary (deciduous) teeth.
        public var primaryTeeth: Bool
        /// A password-protected archive.
        public var encryption: Bool
        /// Case metadata (doctor, clinic, notes) survives a round trip.
        public var metadata: Bool
        /// Which stages an archive carries: every stage, or only the initial position (a scan format).
        public var stages: StageCoverage
        /// Whether crown frames are stored exactly or re-estimated from the crown meshes at intake.
        public var crownFrames: FrameFidelity

        /// The last two default to what a full plan format carries, so formats that carry every stage and
        /// their frames exactly need not mention them.
        public init(segmentedTeeth: Bool, bakedStageMeshes: Bool, attachmentKinds: [AttachmentKind], ipr: Bool,
                    elastics: Bool, passiveStages: Bool, overcorrectionStages: Bool, primaryTeeth: Bool,
                    encryption: Bool, metadata: Bool, stages: StageCoverage = .all, crownFrames: FrameFidelity = .exact) {
            self.segmentedTeeth = segmentedTeeth
            self.bakedStageMeshes = bakedStageMeshes
            self.attachmentKinds = attachmentKinds
            self.ipr = ipr
            self.elastics = elastics
            self.passiveStages = passiveStages
            self.overcorrectionStages = overcorrectionStages
            self.primaryTeeth = primaryTeeth
            self.encryption = encryption
            self.metadata = metadata
            self.stages = stages
            self.crownFrames = crownFrames
        }
    }

    /// Which stages of a plan a format carries. A format that drops stages must say so in its check
    /// (a warning: the aligners are lost); the round trip then compares stage 0 only.
    public enum StageCoverage: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every stage with its poses and flags.
        case all
        /// One arrangement per arch, read back as stage 0 (segmented-scan formats such as Teeth3DS).
        case initialOnly = "initial-only"
    }

    /// How a format keeps crown frames. Frames are a planning convention over the crown geometry: a format
    /// that stores only the segmented meshes gets them back by estimation, which cannot be exact.
    public enum FrameFidelity: String, Sendable, Hashable, Codable, CaseIterable {
        /// Stored: they survive a round trip within the kit's tolerance.
        case exact
        /// Not stored: intake estimates them from the meshes; a round trip checks only that they are
        /// orthonormal with the handedness of the frames sent (docs/MODEL.md), not their values.
        case estimated
    }
}
