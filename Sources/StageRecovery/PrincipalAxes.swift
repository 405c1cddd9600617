import PlanModel

/// The mean of a point set and the principal axes of its scatter (eigenvectors of the covariance),
/// largest spread first. The least-squares plane through the points has `axes[2]` as its normal.
public struct PrincipalAxes: Sendable, Hashable {
    public var centre: Vector3
    /// Unit axes by decreasing spread.
    public var axes: [Vector3]
    /// Variance along each axis, decreasing.
    public var spreads: [Double]

    /// nil for an empty point set.
    public init?(_ points: [Vector3]) {
        guard !points.isEmpty else { return nil }
        let n = Double(points.count)
        let c = points.reduce(Vector3.zero, +) / n
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for p in points {
            let d = [p.x - c.x, p.y - c.y, p.z - c.z]
            for i in 0..<3 { for j in 0..<3 { m[i][j] += d[i] * d[j] / n } }
        }
        let (values, vectors) = SymmetricEigen.decompose(m)
        centre = c
        axes = vectors.map { Vector3($0[0], $0[1], $0[2]).normalized }
        spreads = values.map { max(0, $0) }
    }

    /// The least-squares plane's normal (smallest spread).
    public var normal: Vector3 { axes[2] }

    /// Whether the points span a plane, not a line or a point.
    public var isPlanar: Bool { spreads[0] > 0 && spreads[1] > 1e-6 * spreads[0] }
}
