import PlanModel

/// The closed-form least-squares rigid motion between corresponding point sets (Horn 1987, unit
/// quaternions): the quaternion is the eigenvector of the largest eigenvalue of a 4×4 symmetric matrix
/// built from the cross-covariance. No iteration, no reflection (a quaternion is always a rotation).
public enum RigidFit {
    /// The rigid motion T minimising Σ wᵢ |T(sourceᵢ) − targetᵢ|²; nil for fewer than three pairs or
    /// mismatched counts.
    public static func horn(source: [Vector3], target: [Vector3], weights: [Double]? = nil) -> RigidTransform? {
        guard source.count == target.count, source.count >= 3 else { return nil }
        let w = weights ?? [Double](repeating: 1, count: source.count)
        let total = w.reduce(0, +)
        guard total > 0 else { return nil }
        var cs = Vector3.zero, ct = Vector3.zero
        for i in source.indices { cs += source[i] * w[i]; ct += target[i] * w[i] }
        cs = cs / total
        ct = ct / total
        // The weighted cross-covariance, in scalars (no per-point allocation).
        var xx = 0.0, xy = 0.0, xz = 0.0, yx = 0.0, yy = 0.0, yz = 0.0, zx = 0.0, zy = 0.0, zz = 0.0
        for i in source.indices {
            let a = (source[i] - cs) * w[i], b = target[i] - ct
            xx += a.x * b.x; xy += a.x * b.y; xz += a.x * b.z
            yx += a.y * b.x; yy += a.y * b.y; yz += a.y * b.z
            zx += a.z * b.x; zy += a.z * b.y; zz += a.z * b.z
        }
        let n: [[Double]] = [
            [xx + yy + zz, yz - zy, zx - xz, xy - yx],
            [yz - zy, xx - yy - zz, xy + yx, zx + xz],
            [zx - xz, xy + yx, -xx + yy - zz, yz + zy],
            [xy - yx, zx + xz, yz + zy, -xx - yy + zz],
        ]
        let q = SymmetricEigen.decompose(n).vectors[0]
        let rotation = Quaternion(w: q[0], x: q[1], y: q[2], z: q[3]).normalized
        return RigidTransform(rotation: rotation, translation: ct - rotation.rotate(cs))
    }

    /// Root-mean-square distance between `transform(source)` and `target`, pair by pair.
    public static func rms(_ transform: RigidTransform, source: [Vector3], target: [Vector3]) -> Double {
        guard !source.isEmpty, source.count == target.count else { return 0 }
        var sum = 0.0
        for i in source.indices {
            let d = transform.apply(to: source[i]) - target[i]
            sum += d.dot(d)
        }
        return (sum / Double(source.count)).squareRoot()
    }
}
