import PlanModel

/// Every decision recovery made for one arch, as plain data (`intake --json` shows it as `recovery.arches[]`):
/// how shells were classified, how each tooth was followed and fitted, how the teeth were numbered and
/// how sure that is, what became of each attachment solid, and the residuals.
public struct RecoveryDecisions: Sendable, Hashable, Codable {
    /// How one tooth got its number, and whether the fit of its width and gap is good (within 3 σ).
    public struct Numbering: Sendable, Hashable, Codable {
        public var tooth: ToothID
        public var arcPositionMM: Double
        public var widthMM: Double
        public var expectedWidthMM: Double
        /// Squared standard deviations of gap and width from the averages.
        public var cost: Double
        /// "high" (cost ≤ 9, 3 σ) or "low".
        public var confidence: String
    }

    /// An attachment solid: its tooth and stages, and whether it became a plan attachment (kind unknown).
    public struct AttachmentSolid: Sendable, Hashable, Codable {
        public var tooth: ToothID
        public var firstStage: Int
        public var lastStage: Int
        public var inPlan: Bool
    }

    /// The residuals of the registrations: overall and per stage, each against the deformation limit.
    public struct Residuals: Sendable, Hashable, Codable {
        public var meanMM: Double
        public var worstMM: Double
        public var worstTooth: ToothID?
        public var worstStage: Int?
        public var limitMM: Double
        /// The worst residual of each stage after 0, in stage order.
        public var worstPerStage: [StageResidual]
    }

    public struct StageResidual: Sendable, Hashable, Codable {
        public var stage: Int
        public var worstMM: Double
    }

    public var jaw: Jaw
    /// "shells" (one shell per tooth) or "motion" (a fused model segmented by motion).
    public var segmentation: String
    /// What the geometry says the jaw is, and why.
    public var jawEvidence: JawEvidence
    public var shells: [ShellDecision]
    /// Per tooth and stage: matched by correspondence or position and shape, and the RMS residual.
    public var tracks: [ToothTrack]
    /// "geometry" or "override" (`--teeth`).
    public var numberedBy: String
    public var numbering: [Numbering]
    /// Why the numbering is uncertain, if it is (empty otherwise).
    public var numberingUncertain: [String]
    /// Teeth numbered missing for a gap as wide as a tooth.
    public var missingTeeth: [ToothID]
    public var attachments: [AttachmentSolid]
    public var residuals: Residuals
}

extension RecoveredArch {
    /// The decisions behind this arch as plain data.
    public var decisions: RecoveryDecisions {
        let worst = tracks.max { ($0.rmsResidualMM, $1.stage, $1.tooth) < ($1.rmsResidualMM, $0.stage, $0.tooth) }
        let perStage = Dictionary(grouping: tracks.filter { $0.stage > 0 }, by: \.stage).sorted { $0.key < $1.key }
            .map { RecoveryDecisions.StageResidual(stage: $0.key, worstMM: $0.value.map(\.rmsResidualMM).max() ?? 0) }
        let residuals = RecoveryDecisions.Residuals(
            meanMM: tracks.isEmpty ? 0 : tracks.map(\.rmsResidualMM).reduce(0, +) / Double(tracks.count),
            worstMM: worst?.rmsResidualMM ?? 0, worstTooth: worst?.tooth, worstStage: worst?.stage,
            limitMM: RecoveryLimits.deformedMM, worstPerStage: perStage)
        let inPlan = Set(arch.attachments.map { "\($0.tooth.fdi)/\($0.stagePlaced)" })
        return RecoveryDecisions(
            jaw: arch.jaw, segmentation: segmentation, jawEvidence: jawEvidence, shells: shells, tracks: tracks,
            numberedBy: numberedBy,
            numbering: numbering.map {
                .init(tooth: $0.tooth, arcPositionMM: $0.arcPositionMM, widthMM: $0.widthMM, expectedWidthMM: $0.expectedWidthMM,
                      cost: $0.cost, confidence: $0.cost <= ArchNumbering.uncertainCost ? "high" : "low")
            },
            numberingUncertain: issues.filter { $0.code == .numberingUncertain }.map(\.message),
            missingTeeth: issues.filter { $0.code == .missingTooth }.compactMap(\.tooth),
            attachments: attachments.map {
                .init(tooth: $0.tooth, firstStage: $0.firstStage, lastStage: $0.lastStage, inPlan: inPlan.contains("\($0.tooth.fdi)/\($0.firstStage)"))
            },
            residuals: residuals)
    }
}
