import PlanModel

/// The least-squares plane through points: their mean and the principal axes of their scatter
/// (eigenvectors of the 3×3 covariance, by Jacobi rotations), smallest spread first.
struct PlaneFit: Sendable {
    var centre: Vector3
    /// Unit axes, by increasing spread: `axes[0]` is the plane's normal.
    var axes: [Vector3]
    /// The spread (variance) along each axis, increasing.
    var spreads: [Double]

    /// nil for fewer than three points.
    init?(_ points: [Vector3]) {
        guard points.count >= 3 else { return nil }
        let n = Double(points.count)
        let c = points.reduce(Vector3.zero, +) / n
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for p in points {
            let d = [p.x - c.x, p.y - c.y, p.z - c.z]
            for i in 0..<3 { for j in 0..<3 { m[i][j] += d[i] * d[j] / n } }
        }
        let (values, vectors) = Self.jacobi(m)
        let order = (0..<3).sorted { values[$0] < values[$1] }
        centre = c
        axes = order.map { k in Vector3(vectors[0][k], vectors[1][k], vectors[2][k]).normalized }
        spreads = order.map { max(0, values[$0]) }
    }

    /// Whether the points span a plane (not a line or a single point): the middle spread is a fair share
    /// of the largest.
    var isPlanar: Bool { spreads[2] > 0 && spreads[1] > 1e-6 * spreads[2] }

    /// Eigenvalues and eigenvectors (columns) of a symmetric 3×3 matrix, by cyclic Jacobi rotations.
    static func jacobi(_ input: [[Double]]) -> ([Double], [[Double]]) {
        var a = input
        var v: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for _ in 0..<64 {
            let off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2]
            if off < 1e-30 { break }
            for (p, q) in [(0, 1), (0, 2), (1, 2)] where a[p][q] != 0 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let cs = 1 / (t * t + 1).squareRoot(), sn = t * cs
                for k in 0..<3 {  // columns p, q of A·J
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = cs * akp - sn * akq
                    a[k][q] = sn * akp + cs * akq
                }
                for k in 0..<3 {  // rows p, q of Jᵀ·(A·J)
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = cs * apk - sn * aqk
                    a[q][k] = sn * apk + cs * aqk
                }
                for k in 0..<3 {
                    let vkp = v[k][p], vkq = v[k][q]
                    v[k][p] = cs * vkp - sn * vkq
                    v[k][q] = sn * vkp + cs * vkq
                }
            }
        }
        return ([a[0][0], a[1][1], a[2][2]], v)
    }
}
