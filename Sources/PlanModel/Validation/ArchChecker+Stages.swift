extension ArchChecker {
    /// Stage numbering, and every pose: known tooth, finite, unit rotation, identity at stage 0, present.
    mutating func checkStages() {
        let stages = arch.stages
        if !stages.contains(where: { $0.index == 0 }) {
            add(.noStageZero, "The arch has no stage 0 (the initial position); add it.")
        } else if let position = stages.indices.first(where: { stages[$0].index != $0 }) {
            // One report for the first break: after it every index would be "wrong".
            add(.stageGap, stage: stages[position].index,
                "Stage indices must run 0, 1, 2, … in order; position \(position) holds stage \(stages[position].index).")
        }
        let movableSet = Set(movable)
        for stage in stages {
            for (id, pose) in stage.poses.sorted(by: { $0.key < $1.key }) {
                checkPose(pose, of: id, in: stage, movable: movableSet)
            }
            guard stage.index > 0 else { continue }  // stage 0 may leave poses out: identity
            for id in movable where stage.poses[id] == nil {
                add(.poseMissing, stage: stage.index, tooth: id, field: "pose",
                    "Stage \(stage.index) gives no pose for \(id); every moving tooth needs one in every aligner stage (identity if it rests).")
            }
        }
    }

    private mutating func checkPose(_ pose: RigidTransform, of id: ToothID, in stage: Stage, movable: Set<ToothID>) {
        guard movable.contains(id) else {
            let why = known.contains(id) ? "is missing (no crown)" : "is not in the arch"
            add(.poseUnknownTooth, stage: stage.index, tooth: id, field: "pose",
                "Stage \(stage.index) poses tooth \(id), which \(why); remove the pose or add the tooth.")
            return
        }
        if !pose.isFinite {
            add(.nonFinite, stage: stage.index, tooth: id, field: "pose",
                "The pose of \(id) at stage \(stage.index) has non-finite values.")
        } else if !pose.rotation.isUnit(tolerance: PlanValidator.rotationTolerance) {
            add(.nonUnitRotation, stage: stage.index, tooth: id, field: "pose",
                "The pose rotation of \(id) at stage \(stage.index) has norm \(pose.rotation.norm), not 1; normalise it.")
        } else if stage.index == 0, pose.maxDifference(to: .identity) > PlanValidator.rotationTolerance {
            add(.stageZeroNotIdentity, stage: 0, tooth: id, field: "pose",
                "Stage 0 is the initial position, yet \(id) is moved there; poses are relative to stage 0, so bake the move into the crown or a later stage.")
        }
    }
}
