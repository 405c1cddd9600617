import PlanModel

/// The stable codes of the shared rule library. Adapters add their own (listed in their descriptor's
/// docs and in docs/FINDINGS.md); a test fails if docs/FINDINGS.md misses any code.
public enum FindingCode {
    public static let primaryTooth = "numbering.primary-tooth"
    public static let stepLimit = "stage.step-limit"
    public static let collision = "stage.collision"
    public static let stageCount = "stage.count-limit"
    public static let passiveUnsupported = "stage.passive-unsupported"
    public static let overcorrectionUnsupported = "stage.overcorrection-unsupported"
    public static let iprUnsupported = "ipr.unsupported"
    public static let iprContactLimit = "ipr.contact-limit"
    public static let iprTotalLimit = "ipr.total-limit"
    public static let attachmentKindUnsupported = "attachment.kind-unsupported"
    public static let elasticsUnsupported = "attachment.elastics-unsupported"
    public static let meshTriangleLimit = "mesh.triangle-limit"
    public static let meshNotClosed = "mesh.not-closed"
    public static let segmentationLost = "teeth.segmentation-lost"
    public static let unsegmentedPlan = "teeth.unsegmented-plan"
    public static let metadataLost = "case.metadata-lost"
    public static let wearIntervalDiffers = "case.wear-interval-differs"

    /// Every code the shared library can emit, with the structural `plan.*` codes.
    public static let all: [String] = [
        primaryTooth, stepLimit, collision, stageCount, passiveUnsupported, overcorrectionUnsupported, iprUnsupported,
        iprContactLimit, iprTotalLimit, attachmentKindUnsupported, elasticsUnsupported, meshTriangleLimit,
        meshNotClosed, segmentationLost, unsegmentedPlan, metadataLost, wearIntervalDiffers,
    ] + PlanProblem.Code.allCases.map(\.rawValue)
}
