/// Movement maths: how far a tooth moves between two poses, in its crown frame.
///
/// A pose maps the stage-0 crown into model coordinates at a stage; the crown frame at that stage is the
/// stage-0 `CrownFrame` moved by the pose. For a move from pose A to pose B:
/// - the linear part is B(origin) − A(origin) (origin = the stage-0 crown centre), projected on the
///   mesial, facial and long axes of the frame at A;
/// - the angular part is the relative rotation q_B · q_A⁻¹ (model coordinates) as a rotation vector
///   (axis × angle, `Quaternion.rotationVector`), projected on the facial (tip), mesial (torque) and long
///   (rotation) axes of the frame at A, in degrees.
///
/// Why the rotation vector and not Euler angles: it needs no axis order (tip-then-torque and
/// torque-then-tip give different Euler angles for the same motion), it is exact for a step about a
/// single frame axis, and for a small step about several axes it differs from any Euler decomposition
/// only at second order (about ½·θ₁·θ₂: 0.035° for simultaneous 2° components), well under what a
/// stage limit resolves. Its components do not add up over stages for 3-D rotations, so a cumulative
/// movement is measured directly from stage 0, never summed from steps.
///
/// The rotation axis is unchanged by the rotation itself, so the angular components are the same
/// whether projected on the frame at A or at B; the linear components are not (A's frame is used).
public enum Movements {
    /// The movement from pose `from` to pose `to` of a tooth whose stage-0 frame is `frame`, measured in
    /// the frame at `from`.
    public static func movement(of frame: CrownFrame, from: RigidTransform, to: RigidTransform) -> ToothMovement {
        let axes = frame.moved(by: from)
        let linear = to.apply(to: frame.origin) - from.apply(to: frame.origin)
        let relative = to.rotation.normalized * from.rotation.normalized.conjugate
        let angular = relative.rotationVector * (180 / .pi)
        // The two sides of a jaw are mirror images: signing by the frame's handedness gives every tooth
        // the same clinical sense (see ToothMovement).
        let side: Double = frame.isRightHanded ? 1 : -1
        return ToothMovement(
            mesialDistalMM: linear.dot(axes.mesialAxis),
            buccalLingualMM: linear.dot(axes.facialAxis),
            extrusionIntrusionMM: linear.dot(axes.longAxis),
            tipDegrees: -side * angular.dot(axes.facialAxis),
            torqueDegrees: side * angular.dot(axes.mesialAxis),
            rotationDegrees: side * angular.dot(axes.longAxis))
    }

    /// The movement from stage 0 to `pose` (a pose relative to stage 0), in the stage-0 frame.
    public static func cumulative(of frame: CrownFrame, to pose: RigidTransform) -> ToothMovement {
        movement(of: frame, from: .identity, to: pose)
    }

    /// Every stage ≥ 1 of `arch` with the step and cumulative movement of every movable tooth.
    ///
    /// Stages in ascending index, each compared with the stage before it in that order; teeth in arch
    /// order (patient's right distal → left distal). A pose a stage does not give is taken as identity
    /// (`PlanValidator` reports it as "plan.pose-missing").
    public static func table(for arch: Arch) -> [StageMovements] {
        let teeth = arch.movableTeeth.sorted { ($0.id.archPosition, $0.id.fdi) < ($1.id.archPosition, $1.id.fdi) }
        let stages = arch.stages.sorted { $0.index < $1.index }
        // Poses are relative to stage 0, so "before stage 1" is identity whatever stage 0 lists.
        var before = [ToothID: RigidTransform]()
        var paths = [ToothID: ToothMovement]()
        var out = [StageMovements]()
        for stage in stages where stage.index > 0 {
            let rows = teeth.map { tooth -> ToothStageMovement in
                let after = stage.poses[tooth.id] ?? .identity
                let step = movement(of: tooth.frame, from: before[tooth.id] ?? .identity, to: after)
                let path = (paths[tooth.id] ?? .zero) + step.magnitudes
                paths[tooth.id] = path
                return ToothStageMovement(tooth: tooth.id, step: step,
                                          cumulative: cumulative(of: tooth.frame, to: after), pathLength: path)
            }
            for tooth in teeth { before[tooth.id] = stage.poses[tooth.id] ?? .identity }
            out.append(StageMovements(stage: stage.index, teeth: rows))
        }
        return out
    }
}
