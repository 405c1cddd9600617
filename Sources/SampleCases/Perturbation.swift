import PlanModel

/// How far one tooth starts from its goal, in the goal's crown frame: the crowding the plan corrects.
///
/// The generator builds the ideal arch first and moves each crown away from it by its perturbation (about
/// the crown centre); stage 0 is that crowded arrangement and the stages undo it.
struct Perturbation: Hashable, Sendable {
    var mesialMM = 0.0, facialMM = 0.0, extrusionMM = 0.0
    var tipDegrees = 0.0, torqueDegrees = 0.0, rotationDegrees = 0.0

    /// Seeded perturbations for `teeth`: largest on incisors and canines (the crowded segment), small on
    /// molars; one canine is always clearly rotated (≥ 10°), so the case needs a rotation attachment.
    static func draw(for teeth: [ToothID], using rng: inout SplitMix64) -> [ToothID: Perturbation] {
        var out = [ToothID: Perturbation]()
        for id in teeth { out[id] = draw(for: id, using: &rng) }
        let canines = teeth.filter { $0.toothClass == .canine }
        if let most = canines.max(by: { abs(out[$0]?.rotationDegrees ?? 0) < abs(out[$1]?.rotationDegrees ?? 0) }),
           var p = out[most], abs(p.rotationDegrees) < 10 {
            p.rotationDegrees = (p.rotationDegrees < 0 ? -1 : 1) * rng.uniform(10...14)
            out[most] = p
        }
        return out
    }

    private static func draw(for id: ToothID, using rng: inout SplitMix64) -> Perturbation {
        // Magnitude ranges: mesial, facial, extrusion (mm); tip, torque, rotation (°).
        let r: [ClosedRange<Double>]
        switch (id.toothClass, id.position) {
        case (.incisor, _): r = [0...0.3, 0.3...1.4, 0...0.6, 1...5, 1...4, 4...16]
        case (.canine, _): r = [0...0.4, 0.5...1.5, 0.2...1.0, 1...5, 1...3, 4...14]
        case (.premolar, _): r = [0...0.3, 0.2...0.8, 0...0.4, 1...3, 1...3, 2...10]
        case (_, 6): r = [0...0.3, 0...0.4, 0...0.2, 0...2, 0...2, 0...3]
        default: r = [0...0.15, 0...0.2, 0...0.1, 0...1, 0...1, 0...1.5]
        }
        return Perturbation(mesialMM: rng.signed(r[0]), facialMM: rng.signed(r[1]), extrusionMM: rng.signed(r[2]),
                            tipDegrees: rng.signed(r[3]), torqueDegrees: rng.signed(r[4]),
                            rotationDegrees: rng.signed(r[5]))
    }

    /// Every component times `factor`.
    func scaled(by factor: Double) -> Perturbation {
        Perturbation(mesialMM: mesialMM * factor, facialMM: facialMM * factor, extrusionMM: extrusionMM * factor,
                     tipDegrees: tipDegrees * factor, torqueDegrees: torqueDegrees * factor,
                     rotationDegrees: rotationDegrees * factor)
    }

    /// The rotation away from the goal as a rotation vector (radians, model coordinates): tip about the
    /// facial axis, torque about the mesial axis, rotation about the long axis.
    private func rotationVector(in goal: CrownFrame) -> Vector3 {
        (goal.facialAxis * tipDegrees + goal.mesialAxis * torqueDegrees + goal.longAxis * rotationDegrees)
            * (.pi / 180)
    }

    private func offset(in goal: CrownFrame) -> Vector3 {
        goal.mesialAxis * mesialMM + goal.facialAxis * facialMM + goal.longAxis * extrusionMM
    }

    /// The crown frame at stage 0.
    func initialFrame(from goal: CrownFrame) -> CrownFrame {
        let omega = rotationVector(in: goal)
        let q = Quaternion(axis: omega, radians: omega.length)
        return CrownFrame(origin: goal.origin + offset(in: goal), longAxis: q.rotate(goal.longAxis),
                          mesialAxis: q.rotate(goal.mesialAxis), facialAxis: q.rotate(goal.facialAxis))
    }

    /// The motion from stage 0 back to the goal.
    func correction(from goal: CrownFrame) -> ToothMotion {
        // The inverse rotation has the opposite rotation vector about the same axis.
        ToothMotion(origin: goal.origin + offset(in: goal), rotationVector: -rotationVector(in: goal),
                    displacement: -offset(in: goal))
    }
}

/// A tooth's correcting motion from its stage-0 position: a rotation about the stage-0 crown centre and a
/// translation of that centre, both proportional to the progress (so the rotation is a slerp from identity
/// and every active stage takes the same step).
struct ToothMotion: Hashable, Sendable {
    /// The crown centre at stage 0.
    let origin: Vector3
    /// The whole correction's rotation (axis × radians, model coordinates).
    let rotationVector: Vector3
    /// The whole correction's move of the crown centre.
    let displacement: Vector3

    /// The pose (relative to stage 0) after `progress` of the correction (0 = stage 0, 1 = goal, beyond 1 = overcorrected).
    func pose(at progress: Double) -> RigidTransform {
        guard progress != 0 else { return .identity }
        let q = Quaternion(axis: rotationVector, radians: rotationVector.length * progress)
        return RigidTransform(rotation: q, translation: origin + displacement * progress - q.rotate(origin))
    }
}
