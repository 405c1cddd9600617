import Foundation

/// A rotation as a unit quaternion (w + xi + yj + zk). Hamilton convention, active rotations.
public struct Quaternion: Hashable, Codable, Sendable {
    public var w: Double
    public var x: Double
    public var y: Double
    public var z: Double

    public init(w: Double, x: Double, y: Double, z: Double) {
        self.w = w
        self.x = x
        self.y = y
        self.z = z
    }

    public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

    /// Rotation by `radians` about `axis` (normalized here; a zero axis gives identity).
    public init(axis: Vector3, radians: Double) {
        let a = axis.normalized
        guard a.length > 0 else { self = .identity; return }
        let h = radians / 2
        let s = sin(h)
        self.init(w: cos(h), x: a.x * s, y: a.y * s, z: a.z * s)
    }

    /// Rotation by `degrees` about `axis`.
    public init(axis: Vector3, degrees: Double) {
        self.init(axis: axis, radians: degrees * .pi / 180)
    }

    /// Rotation taking the orthonormal basis (unitX, unitY, unitZ) onto the columns (c0, c1, c2).
    public init(columns c0: Vector3, _ c1: Vector3, _ c2: Vector3) {
        // Shepperd's method: pick the largest diagonal term for numerical stability.
        let m00 = c0.x, m11 = c1.y, m22 = c2.z
        let trace = m00 + m11 + m22
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            self.init(w: s / 4, x: (c1.z - c2.y) / s, y: (c2.x - c0.z) / s, z: (c0.y - c1.x) / s)
        } else if m00 > m11 && m00 > m22 {
            let s = (1 + m00 - m11 - m22).squareRoot() * 2
            self.init(w: (c1.z - c2.y) / s, x: s / 4, y: (c1.x + c0.y) / s, z: (c2.x + c0.z) / s)
        } else if m11 > m22 {
            let s = (1 + m11 - m00 - m22).squareRoot() * 2
            self.init(w: (c2.x - c0.z) / s, x: (c1.x + c0.y) / s, y: s / 4, z: (c2.y + c1.z) / s)
        } else {
            let s = (1 + m22 - m00 - m11).squareRoot() * 2
            self.init(w: (c0.y - c1.x) / s, x: (c2.x + c0.z) / s, y: (c2.y + c1.z) / s, z: s / 4)
        }
        self = self.normalized
    }

    /// Hamilton product: `a * b` rotates by `b` first, then by `a`.
    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    /// The inverse rotation (for a unit quaternion).
    public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

    /// Euclidean norm; 1 for a valid rotation.
    public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }

    /// Scaled to unit norm (identity if the norm is zero or not finite).
    public var normalized: Quaternion {
        let n = norm
        guard n > 0, n.isFinite else { return .identity }
        return Quaternion(w: w / n, x: x / n, y: y / n, z: z / n)
    }

    /// Whether the norm is within `tolerance` of 1.
    public func isUnit(tolerance: Double = 1e-6) -> Bool { abs(norm - 1) <= tolerance }

    public var isFinite: Bool { w.isFinite && x.isFinite && y.isFinite && z.isFinite }

    /// Rotates a vector.
    public func rotate(_ v: Vector3) -> Vector3 {
        // v' = v + 2w(u×v) + 2u×(u×v), u = vector part
        let u = Vector3(x, y, z)
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }

    /// The rotation vector (axis × angle in radians), the shortest equivalent rotation.
    public var rotationVector: Vector3 {
        var q = self.normalized
        if q.w < 0 { q = Quaternion(w: -q.w, x: -q.x, y: -q.y, z: -q.z) }
        let v = Vector3(q.x, q.y, q.z)
        let s = v.length
        guard s > 1e-15 else { return v * 2 }
        let angle = 2 * atan2(s, q.w)
        return v * (angle / s)
    }

    /// Angle of the rotation in degrees, 0…180.
    public var angleDegrees: Double { rotationVector.length * 180 / .pi }

    /// The rotated basis vectors (columns of the rotation matrix).
    public var columns: (Vector3, Vector3, Vector3) {
        (rotate(.unitX), rotate(.unitY), rotate(.unitZ))
    }
}
