import PlanModel

/// A system's rules as data: per-stage movement limits, stage and IPR caps, attachment kinds, mesh limits.
/// Every figure comes from a published source or is a documented choice of the adapter (see its FORMAT.md).
public struct RuleProfile: Sendable, Hashable, Codable {
    /// Largest step per aligner for every tooth.
    public var stepLimits: MovementLimits
    /// Tighter (or looser) limits for some tooth classes; a kind left nil falls back to `stepLimits`.
    public var classLimits: [ClassLimits]
    /// Most aligners per arch; nil = no cap.
    public var maxStages: Int?
    /// Most IPR at one contact (mm); nil = no cap.
    public var maxIPRPerContactMM: Double?
    /// Most IPR in one arch (mm); nil = no cap.
    public var maxIPRTotalMM: Double?
    /// Most triangles in one mesh file; nil = no cap.
    public var maxTrianglesPerMesh: Int?
    /// Whether every model must be closed (watertight, manifold, consistently oriented) to print.
    public var watertightRequired: Bool
    /// The wear interval the system assumes when a plan gives none.
    public var defaultWearIntervalDays: Int
    /// Where the figures come from.
    public var source: String
    /// How `stage.collision` (neighbouring crowns overlapping beyond the planned IPR) counts: a warning
    /// unless the system makes it an error.
    public var collisionSeverity: Finding.Severity = .warning

    public init(stepLimits: MovementLimits, classLimits: [ClassLimits] = [], maxStages: Int? = nil,
                maxIPRPerContactMM: Double? = nil, maxIPRTotalMM: Double? = nil, maxTrianglesPerMesh: Int? = nil,
                watertightRequired: Bool, defaultWearIntervalDays: Int, source: String,
                collisionSeverity: Finding.Severity = .warning) {
        self.stepLimits = stepLimits
        self.classLimits = classLimits
        self.maxStages = maxStages
        self.maxIPRPerContactMM = maxIPRPerContactMM
        self.maxIPRTotalMM = maxIPRTotalMM
        self.maxTrianglesPerMesh = maxTrianglesPerMesh
        self.watertightRequired = watertightRequired
        self.defaultWearIntervalDays = defaultWearIntervalDays
        self.source = source
        self.collisionSeverity = collisionSeverity
    }

    /// The limit of `kind` for a tooth of `toothClass` (nil = unlimited).
    public func limit(_ kind: MovementKind, for toothClass: ToothClass) -> Double? {
        classLimits.first { $0.toothClass == toothClass }?.limits[kind] ?? stepLimits[kind]
    }

    /// Limits for one tooth class.
    public struct ClassLimits: Sendable, Hashable, Codable {
        public var toothClass: ToothClass
        public var limits: MovementLimits

        public init(_ toothClass: ToothClass, _ limits: MovementLimits) {
            self.toothClass = toothClass
            self.limits = limits
        }
    }
}

/// Largest movement per aligner of each kind (mm or degrees); nil = not limited.
public struct MovementLimits: Sendable, Hashable, Codable {
    public var mesialDistalMM: Double?
    public var buccalLingualMM: Double?
    public var extrusionIntrusionMM: Double?
    public var tipDegrees: Double?
    public var torqueDegrees: Double?
    public var rotationDegrees: Double?

    public init(mesialDistalMM: Double? = nil, buccalLingualMM: Double? = nil, extrusionIntrusionMM: Double? = nil,
                tipDegrees: Double? = nil, torqueDegrees: Double? = nil, rotationDegrees: Double? = nil) {
        self.mesialDistalMM = mesialDistalMM
        self.buccalLingualMM = buccalLingualMM
        self.extrusionIntrusionMM = extrusionIntrusionMM
        self.tipDegrees = tipDegrees
        self.torqueDegrees = torqueDegrees
        self.rotationDegrees = rotationDegrees
    }

    /// The limit of `kind`.
    public subscript(kind: MovementKind) -> Double? {
        switch kind {
        case .mesialDistal: mesialDistalMM
        case .buccalLingual: buccalLingualMM
        case .extrusionIntrusion: extrusionIntrusionMM
        case .tip: tipDegrees
        case .torque: torqueDegrees
        case .rotation: rotationDegrees
        }
    }

    /// ArchForm's default stage parameters (support page): 0.20 / 0.20 / 0.15 mm, 2° tip, 1° torque, 2° rotation.
    public static let archFormDefaults = MovementLimits(
        mesialDistalMM: 0.20, buccalLingualMM: 0.20, extrusionIntrusionMM: 0.15,
        tipDegrees: 2.0, torqueDegrees: 1.0, rotationDegrees: 2.0)

    /// ClearCorrect's published standard: 0.3 mm in each direction, 3° rotation.
    public static let clearCorrectStandard = MovementLimits(
        mesialDistalMM: 0.3, buccalLingualMM: 0.3, extrusionIntrusionMM: 0.3, rotationDegrees: 3)
}
