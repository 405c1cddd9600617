/// A rotation followed by a translation: `p' = rotation · p + translation`.
public struct RigidTransform: Hashable, Codable, Sendable {
    public var rotation: Quaternion
    public var translation: Vector3

    public init(rotation: Quaternion = .identity, translation: Vector3 = .zero) {
        self.rotation = rotation
        self.translation = translation
    }

    public static let identity = RigidTransform()

    /// Applies the transform to a point.
    public func apply(to p: Vector3) -> Vector3 { rotation.rotate(p) + translation }

    /// Applies only the rotation (for directions and normals).
    public func applyToDirection(_ d: Vector3) -> Vector3 { rotation.rotate(d) }

    /// `self.composed(with: other)` applies `other` first, then `self`.
    public func composed(with other: RigidTransform) -> RigidTransform {
        RigidTransform(rotation: (rotation * other.rotation).normalized, translation: apply(to: other.translation))
    }

    /// The transform that undoes this one.
    public var inverse: RigidTransform {
        let r = rotation.conjugate
        return RigidTransform(rotation: r, translation: -r.rotate(translation))
    }

    public var isFinite: Bool { rotation.isFinite && translation.isFinite }

    /// Row-major 4×4 homogeneous matrix.
    public var matrix: [Double] {
        let (c0, c1, c2) = rotation.columns
        return [
            c0.x, c1.x, c2.x, translation.x,
            c0.y, c1.y, c2.y, translation.y,
            c0.z, c1.z, c2.z, translation.z,
            0, 0, 0, 1,
        ]
    }

    /// Builds a transform from a row-major 4×4 matrix whose upper 3×3 is a rotation; nil otherwise.
    public init?(matrix m: [Double], tolerance: Double = 1e-5) {
        guard m.count == 16, m.allSatisfy(\.isFinite) else { return nil }
        let c0 = Vector3(m[0], m[4], m[8]), c1 = Vector3(m[1], m[5], m[9]), c2 = Vector3(m[2], m[6], m[10])
        let orthonormal = abs(c0.length - 1) < tolerance && abs(c1.length - 1) < tolerance
            && abs(c2.length - 1) < tolerance && abs(c0.dot(c1)) < tolerance && abs(c0.dot(c2)) < tolerance
            && abs(c1.dot(c2)) < tolerance && c0.cross(c1).dot(c2) > 0
        guard orthonormal, abs(m[12]) < tolerance, abs(m[13]) < tolerance, abs(m[14]) < tolerance,
              abs(m[15] - 1) < tolerance else { return nil }
        self.init(rotation: Quaternion(columns: c0, c1, c2), translation: Vector3(m[3], m[7], m[11]))
    }

    /// Largest difference from `other` in translation (mm) and in any rotated unit axis.
    public func maxDifference(to other: RigidTransform) -> Double {
        let (a0, a1, a2) = rotation.columns
        let (b0, b1, b2) = other.rotation.columns
        return max(translation.maxDifference(to: other.translation),
                   a0.maxDifference(to: b0), a1.maxDifference(to: b1), a2.maxDifference(to: b2))
    }
}
