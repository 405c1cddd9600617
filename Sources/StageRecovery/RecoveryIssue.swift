import PlanModel

/// Something recovery noticed that the reader must know: the adapter reports each as a finding.
public struct RecoveryIssue: Sendable, Hashable, Codable {
    /// Stable codes (docs/FINDINGS.md).
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A tooth's shape changed between stages beyond the residual limit.
        case deformed = "recovery.tooth-deformed"
        /// A tooth shell at a later stage matches no stage-0 tooth (a pontic or a new crown).
        case toothAppears = "recovery.tooth-appears"
        /// A stage-0 tooth is not found at a later stage (an extraction).
        case toothVanishes = "recovery.tooth-vanishes"
        /// Teeth and gingiva are one shell whose topology changes between stages: no staging.
        case fusedTopologyChanges = "recovery.fused-topology-changes"
        /// Teeth and gingiva are one shell: teeth were found by their motion.
        case segmentedByMotion = "recovery.segmented-by-motion"
        /// The numbering is uncertain.
        case numberingUncertain = "recovery.numbering-uncertain"
        /// A gap in the arch wider than a tooth: numbered as a missing tooth.
        case missingTooth = "recovery.missing-tooth"
        /// An attachment-sized solid was found on a tooth (its kind cannot be recovered).
        case attachmentFound = "recovery.attachment-found"
        /// Shells that are neither tooth, gingiva nor attachment (ignored).
        case otherShell = "recovery.other-shell"
        /// No tooth shell at all: nothing to stage.
        case noTeeth = "recovery.no-teeth"
    }

    public var code: Code
    public var stage: Int?
    /// The tooth, once numbered.
    public var tooth: ToothID?
    public var measured: Double?
    public var message: String

    public init(_ code: Code, stage: Int? = nil, tooth: ToothID? = nil, measured: Double? = nil, message: String) {
        self.code = code
        self.stage = stage
        self.tooth = tooth
        self.measured = measured
        self.message = message
    }
}
