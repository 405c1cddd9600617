/// A structural defect of a plan: something no adapter can export as it is.
public struct PlanProblem: Error, Hashable, Codable, Sendable, CustomStringConvertible {
    /// What is wrong, as a stable machine-readable code.
    public var code: Code
    /// Where it is.
    public var location: PlanLocation
    /// What is wrong and what to do, in words.
    public var message: String

    public init(_ code: Code, at location: PlanLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String {
        let place = location.description
        return "\(code.rawValue)\(place.isEmpty ? "" : " [\(place)]"): \(message)"
    }

    /// The stable problem codes. Raw values never change once published.
    public enum Code: String, CaseIterable, Codable, Sendable {
        // Case metadata and the plan as a whole.
        case emptyCaseID = "plan.empty-case-id"
        case wearInterval = "plan.wear-interval"
        case noArch = "plan.no-arch"
        case duplicateArch = "plan.duplicate-arch"
        // Teeth, frames and meshes.
        case duplicateTooth = "plan.duplicate-tooth"
        case toothWrongArch = "plan.tooth-wrong-arch"
        case crownMissing = "plan.crown-missing"
        case meshInvalidIndices = "plan.mesh-invalid-indices"
        case nonFinite = "plan.non-finite"
        case frameNotOrthonormal = "plan.frame-not-orthonormal"
        // Stages and poses.
        case noStageZero = "plan.no-stage-zero"
        case stageGap = "plan.stage-gap"
        case stageZeroNotIdentity = "plan.stage-zero-not-identity"
        case poseUnknownTooth = "plan.pose-unknown-tooth"
        case poseMissing = "plan.pose-missing"
        case nonUnitRotation = "plan.non-unit-rotation"
        // IPR.
        case iprUnknownTooth = "plan.ipr-unknown-tooth"
        case iprNotAdjacent = "plan.ipr-not-adjacent"
        case iprNegative = "plan.ipr-negative"
        case iprStageOutOfRange = "plan.ipr-stage-out-of-range"
        // Attachments.
        case attachmentUnknownTooth = "plan.attachment-unknown-tooth"
        case attachmentOnMissingTooth = "plan.attachment-on-missing-tooth"
        case attachmentStageRange = "plan.attachment-stage-range"
        case attachmentTemplateInvalid = "plan.attachment-template-invalid"
    }
}

/// Where in a plan a problem is; unset parts do not apply.
public struct PlanLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var arch: Jaw?
    public var stage: Int?
    public var tooth: ToothID?
    /// An IPR contact as "11-21".
    public var contact: String?
    /// The offending field, e.g. "crown", "frame", "pose", "amountMM", "stageRemoved".
    public var field: String?

    public init(arch: Jaw? = nil, stage: Int? = nil, tooth: ToothID? = nil, contact: String? = nil,
                field: String? = nil) {
        self.arch = arch
        self.stage = stage
        self.tooth = tooth
        self.contact = contact
        self.field = field
    }

    /// E.g. "upper arch, stage 3, tooth 11, pose".
    public var description: String {
        [arch.map { "\($0.rawValue) arch" }, stage.map { "stage \($0)" }, tooth.map { "tooth \($0)" },
         contact.map { "contact \($0)" }, field].compactMap { $0 }.joined(separator: ", ")
    }
}
