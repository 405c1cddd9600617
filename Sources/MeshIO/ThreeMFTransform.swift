import PlanModel

/// A 3MF affine transform (3MF Core Specification §3.3): the `transform` attribute's twelve numbers
/// "m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32" of the row-major 4×4 matrix
///
///     | m00 m01 m02 0 |
///     | m10 m11 m12 0 |
///     | m20 m21 m22 0 |
///     | m30 m31 m32 1 |
///
/// applied to a point as a ROW vector on the left: (x' y' z' 1) = (x y z 1) · M. So x' = x·m00 + y·m10 +
/// z·m20 + m30: the first three numbers are the image of the x axis, the last three the translation. In
/// the column-vector convention of `RigidTransform` (p' = R·p + t) that is R[i][j] = m[j][i], t = (m30, m31, m32).
public struct ThreeMFTransform: Sendable, Hashable, CustomStringConvertible {
    /// m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32.
    public let values: [Double]

    /// A transform from its twelve numbers in attribute order; nil unless there are exactly twelve.
    public init?(values: [Double]) {
        guard values.count == 12 else { return nil }
        self.values = values
    }

    public static let identity = ThreeMFTransform(uncheckedValues: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])

    private init(uncheckedValues: [Double]) { values = uncheckedValues }

    /// The 3MF form of a rigid motion: the rotation's columns (images of x, y, z), then the translation.
    public init(_ rigid: RigidTransform) {
        let (c0, c1, c2) = rigid.rotation.columns
        let t = rigid.translation
        self.init(uncheckedValues: [c0.x, c0.y, c0.z, c1.x, c1.y, c1.z, c2.x, c2.y, c2.z, t.x, t.y, t.z])
    }

    /// m[row][column] of the 4×3 part.
    public func m(_ row: Int, _ column: Int) -> Double { values[row * 3 + column] }

    /// p · M for the point p.
    public func apply(to p: Vector3) -> Vector3 {
        let v = values
        return Vector3(p.x * v[0] + p.y * v[3] + p.z * v[6] + v[9],
                       p.x * v[1] + p.y * v[4] + p.z * v[7] + v[10],
                       p.x * v[2] + p.y * v[5] + p.z * v[8] + v[11])
    }

    /// `self` after `inner`: a point is first moved by `inner`, then by `self` (matrix product inner · self).
    public func after(_ inner: ThreeMFTransform) -> ThreeMFTransform {
        let a = inner.values, b = values
        var out = [Double](repeating: 0, count: 12)
        for row in 0..<4 {
            for col in 0..<3 {
                var sum = row == 3 ? b[9 + col] : 0
                for k in 0..<3 { sum += a[row * 3 + k] * b[k * 3 + col] }
                out[row * 3 + col] = sum
            }
        }
        return ThreeMFTransform(uncheckedValues: out)
    }

    /// Whether every number is exactly the identity's.
    public var isIdentity: Bool { values == Self.identity.values }

    /// Determinant of the linear (3×3) part; negative for a mirroring transform.
    public var determinant: Double {
        let v = values
        return v[0] * (v[4] * v[8] - v[5] * v[7]) - v[1] * (v[3] * v[8] - v[5] * v[6]) + v[2] * (v[3] * v[7] - v[4] * v[6])
    }

    /// The rigid motion this transform is, when its linear part is a rotation within `tolerance`
    /// (unit, perpendicular axes and no mirroring); otherwise `.nonRigidTransform` naming `source`.
    public func rigidTransform(source: String = "transform", tolerance: Double = 1e-6) throws(ThreeMFError) -> RigidTransform {
        guard values.allSatisfy(\.isFinite) else {
            throw ThreeMFError(source: source, reason: .nonRigidTransform("it has a non-finite number"))
        }
        let c0 = Vector3(values[0], values[1], values[2])
        let c1 = Vector3(values[3], values[4], values[5])
        let c2 = Vector3(values[6], values[7], values[8])
        let lengths = [c0.length, c1.length, c2.length]
        if let worst = lengths.max(by: { abs($0 - 1) < abs($1 - 1) }), abs(worst - 1) > tolerance {
            throw ThreeMFError(source: source, reason: .nonRigidTransform("it scales an axis by \(worst)"))
        }
        let skew = max(abs(c0.dot(c1)), abs(c0.dot(c2)), abs(c1.dot(c2)))
        guard skew <= tolerance else {
            throw ThreeMFError(source: source, reason: .nonRigidTransform("its axes are not perpendicular (cosine \(skew))"))
        }
        guard c0.cross(c1).dot(c2) > 0 else {
            throw ThreeMFError(source: source, reason: .nonRigidTransform("it mirrors (negative determinant)"))
        }
        return RigidTransform(rotation: Quaternion(columns: c0, c1, c2), translation: Vector3(values[9], values[10], values[11]))
    }

    /// The attribute text: twelve shortest round-trip numbers separated by spaces.
    public var description: String { values.map { ThreeMFNumber.text($0) }.joined(separator: " ") }
}
