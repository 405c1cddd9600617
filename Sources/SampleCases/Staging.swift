import PlanModel

/// How many aligners an arch has and what each does: active stages move the teeth evenly to the goal,
/// overcorrection stages continue one even step each past it, passive stages hold the goal.
struct StageSchedule: Hashable, Sendable {
    var active: Int
    var overcorrection: Int = 0
    var passive: Int = 0

    var aligners: Int { active + overcorrection + passive }

    /// The upper arch: `aligners` in all; from 10 on the last one (from 30 on the last two) overcorrect.
    static func upper(aligners n: Int) -> StageSchedule {
        let over = n >= 30 ? 2 : n >= 10 ? 1 : 0
        return StageSchedule(active: n - over, overcorrection: over)
    }

    /// The lower arch finishes two aligners earlier from 10 on; `padded` adds passive aligners to match the upper.
    static func lower(upperAligners n: Int, padded: Bool) -> StageSchedule {
        guard n >= 10 else { return StageSchedule(active: n) }
        return StageSchedule(active: n - 2, passive: padded ? 2 : 0)
    }

    /// The fraction of the correction reached at `stage` (0…aligners).
    func progress(atStage stage: Int) -> Double {
        Double(min(stage, active + overcorrection)) / Double(max(1, active))
    }

    func isOvercorrection(_ stage: Int) -> Bool { stage > active && stage <= active + overcorrection }
    func isPassive(_ stage: Int) -> Bool { stage > active + overcorrection }
}

/// The per-stage limits the sample keeps to: ArchForm's published default stage parameters (the strictest
/// set in the domain notes), with a safety margin, measured as PlanModel's `Movements` does.
enum StepBudget {
    /// Mesial/distal, buccal/lingual, extrusion/intrusion (mm); tip, torque, rotation (°).
    static let limits = [0.20, 0.20, 0.15, 2.0, 1.0, 2.0]
    /// Every step stays within this share of each limit.
    static let margin = 0.8

    /// The step from pose `a` to pose `b` of a tooth with stage-0 frame `frame`: the crown centre's move
    /// projected on the frame at `a` (mesial, facial, long), and the relative rotation's rotation vector
    /// projected on its facial (tip), mesial (torque) and long (rotation) axes, in degrees.
    static func step(of frame: CrownFrame, from a: RigidTransform, to b: RigidTransform) -> [Double] {
        let at = frame.moved(by: a)
        let linear = b.apply(to: frame.origin) - a.apply(to: frame.origin)
        let angular = (b.rotation * a.rotation.conjugate).rotationVector * (180 / .pi)
        return [linear.dot(at.mesialAxis), linear.dot(at.facialAxis), linear.dot(at.longAxis),
                angular.dot(at.facialAxis), angular.dot(at.mesialAxis), angular.dot(at.longAxis)]
    }

    /// The largest |component| / limit over every stage of `schedule`.
    static func worstRatio(of motion: ToothMotion, frame: CrownFrame, schedule: StageSchedule) -> Double {
        var worst = 0.0
        var before = RigidTransform.identity
        for stage in 1...max(1, schedule.active + schedule.overcorrection) {
            let after = motion.pose(at: schedule.progress(atStage: stage))
            for (value, limit) in zip(step(of: frame, from: before, to: after), limits) {
                worst = max(worst, abs(value) / limit)
            }
            before = after
        }
        return worst
    }

    /// `p` scaled down, if needed, so that undoing it over `schedule` keeps every step within the margin
    /// (few stages mean a milder case). A tooth that cannot be fitted does not move at all.
    static func fitted(_ p: Perturbation, goal: CrownFrame, schedule: StageSchedule) -> Perturbation {
        var p = p
        for _ in 0..<16 {
            let ratio = worstRatio(of: p.correction(from: goal), frame: p.initialFrame(from: goal), schedule: schedule)
            if ratio <= margin { return p }
            p = p.scaled(by: margin / ratio * 0.98)
        }
        return Perturbation()
    }
}
