/// One tooth's movement at one stage.
public struct ToothStageMovement: Hashable, Codable, Sendable {
    public var tooth: ToothID
    /// From the previous stage to this one, in the crown frame at the previous stage.
    public var step: ToothMovement
    /// From stage 0 to this stage, in the stage-0 crown frame (measured directly, not the sum of steps).
    public var cumulative: ToothMovement
    /// The sum of the step magnitudes per component up to this stage (all ≥ 0): the distance travelled,
    /// which exceeds |cumulative| when a tooth goes back and forth (round-tripping, jiggling).
    public var pathLength: ToothMovement

    public init(tooth: ToothID, step: ToothMovement, cumulative: ToothMovement, pathLength: ToothMovement) {
        self.tooth = tooth
        self.step = step
        self.cumulative = cumulative
        self.pathLength = pathLength
    }
}

/// Every movable tooth's movement at one stage, in arch order.
public struct StageMovements: Hashable, Codable, Sendable {
    public var stage: Int
    public var teeth: [ToothStageMovement]

    public init(stage: Int, teeth: [ToothStageMovement]) {
        self.stage = stage
        self.teeth = teeth
    }

    /// The row of `tooth`, if it moves in this arch.
    public func movement(of tooth: ToothID) -> ToothStageMovement? { teeth.first { $0.tooth == tooth } }
}

/// The movement table of one arch: every stage ≥ 1 (ascending) × every movable tooth (arch order).
public struct MovementTable: Hashable, Codable, Sendable {
    public var jaw: Jaw
    public var stages: [StageMovements]

    public init(jaw: Jaw, stages: [StageMovements]) {
        self.jaw = jaw
        self.stages = stages
    }

    /// Computes the table of `arch` (see `Movements.table(for:)`).
    public init(arch: Arch) {
        self.init(jaw: arch.jaw, stages: Movements.table(for: arch))
    }

    /// The row of `tooth` at stage `index`.
    public func movement(of tooth: ToothID, atStage index: Int) -> ToothStageMovement? {
        stages.first { $0.stage == index }?.movement(of: tooth)
    }

    /// The largest step magnitude of `kind` and where it happens; nil when nothing moves in that kind.
    /// Ties keep the first in table order (lowest stage, then arch order).
    public func largestStep(_ kind: MovementKind) -> (stage: Int, tooth: ToothID, value: Double)? {
        var best: (stage: Int, tooth: ToothID, value: Double)?
        for stage in stages {
            for row in stage.teeth where abs(row.step[kind]) > abs(best?.value ?? 0) {
                best = (stage.stage, row.tooth, row.step[kind])
            }
        }
        return best
    }
}
