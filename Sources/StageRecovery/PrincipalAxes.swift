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
        var sum = Vector3.zero
        for p in points { sum += p }
        let c = sum / Double(points.count)
        var m = Scatter()
        for p in points { m.add(p.x - c.x, p.y - c.y, p.z - c.z) }
        self.init(centre: c, scatter: m, count: points.count)
    }

    /// The axes of flat xyz Float32 `positions` (a mesh's vertices), without building a point array;
    /// nil when there are none.
    public init?(positions: [Float]) {
        let n = positions.count / 3
        guard n > 0 else { return nil }
        let (c, m) = positions.withUnsafeBufferPointer { p -> (Vector3, Scatter) in
            var sx = 0.0, sy = 0.0, sz = 0.0
            for v in 0..<n { sx += Double(p[3 * v]); sy += Double(p[3 * v + 1]); sz += Double(p[3 * v + 2]) }
            let c = Vector3(sx / Double(n), sy / Double(n), sz / Double(n))
            var m = Scatter()
            for v in 0..<n { m.add(Double(p[3 * v]) - c.x, Double(p[3 * v + 1]) - c.y, Double(p[3 * v + 2]) - c.z) }
            return (c, m)
        }
        self.init(centre: c, scatter: m, count: n)
    }

    private init(centre c: Vector3, scatter m: Scatter, count: Int) {
        let n = Double(count)
        let (values, vectors) = SymmetricEigen.decompose([
            [m.xx / n, m.xy / n, m.xz / n], [m.xy / n, m.yy / n, m.yz / n], [m.xz / n, m.yz / n, m.zz / n],
        ])
        centre = c
        axes = vectors.map { Vector3($0[0], $0[1], $0[2]).normalized }
        spreads = values.map { max(0, $0) }
    }

    /// Sums of products of centred coordinates (no per-point allocation).
    private struct Scatter {
        var xx = 0.0, xy = 0.0, xz = 0.0, yy = 0.0, yz = 0.0, zz = 0.0

        @inline(__always)
        mutating func add(_ x: Double, _ y: Double, _ z: Double) {
            xx += x * x; xy += x * y; xz += x * z
            yy += y * y; yz += y * z; zz += z * z
        }
    }

    /// The least-squares plane's normal (smallest spread).
    public var normal: Vector3 { axes[2] }

    /// Whether the points span a plane, not a line or a point.
    public var isPlanar: Bool { spreads[0] > 0 && spreads[1] > 1e-6 * spreads[0] }
}
