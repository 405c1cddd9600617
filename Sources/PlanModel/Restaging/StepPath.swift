/// A tooth's path through one original step: the piecewise rigid path aligngate restages along.
///
/// Between two stage poses A and B the crown centre moves on the straight line from A(o) to B(o) and the
/// rotation turns about the fixed axis of the relative rotation q_B · q_A⁻¹ (a slerp), both in
/// proportion to u ∈ [0, 1]. Equal parts of u therefore turn the crown by equal rotation vectors, and
/// because the frame turns about that same axis the tip, torque and rotation of every sub-step are
/// exactly 1/k of the step's; the translation components are measured in the frame at each sub-step's
/// start, which turns, so they are not exactly 1/k and `Restaging` verifies them.
struct StepPath: Sendable {
    let from: RigidTransform
    let to: RigidTransform
    /// The stage-0 crown centre.
    let origin: Vector3
    /// The relative rotation as a rotation vector (radians, model coordinates), the shortest one.
    let turn: Vector3

    init(origin: Vector3, from: RigidTransform, to: RigidTransform) {
        self.origin = origin
        self.from = from
        self.to = to
        turn = (to.rotation.normalized * from.rotation.normalized.conjugate).rotationVector
    }

    /// The pose at `u` (0 = `from`, 1 = `to`, both returned exactly).
    func pose(at u: Double) -> RigidTransform {
        if u <= 0 { return from }
        if u >= 1 { return to }
        let rotation = (Quaternion(axis: turn, radians: turn.length * u) * from.rotation.normalized).normalized
        let start = from.apply(to: origin), end = to.apply(to: origin)
        let centre = start + (end - start) * u
        return RigidTransform(rotation: rotation, translation: centre - rotation.rotate(origin))
    }

    /// The poses after each of `k` equal sub-steps (the last is `to`).
    func knots(_ k: Int) -> [RigidTransform] {
        (1...max(1, k)).map { $0 == k ? to : pose(at: Double($0) / Double(k)) }
    }
}
