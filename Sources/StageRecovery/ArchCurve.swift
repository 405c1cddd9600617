import Foundation  // asinh
import PlanModel

/// The arch as a parabola in the occlusal plane, fitted to the tooth centroids: the direction it opens
/// (posterior), its vertex (near the midline), and arc length along it. The plane's axes come from the
/// centroids' principal axes; the parabola's orientation from a search over angles.
public struct ArchCurve: Sendable, Hashable {
    /// The occlusal plane's centre and unit normal, pointing occlusally.
    public var centre: Vector3
    public var occlusal: Vector3
    /// Unit vectors in the plane: `across` from the patient's right to left, `anterior` towards the front.
    public var across: Vector3
    public var anterior: Vector3
    /// y = a·x² + b·x + c in (across, anterior) coordinates about `centre`; a < 0.
    public var a: Double, b: Double, c: Double
    /// RMS distance of the centroids from the curve (mm).
    public var rmsResidual: Double

    /// Fits the curve; `occlusalHint` orients the plane's normal and `jaw` fixes left and right
    /// (docs/MODEL.md: the patient's left is superior × anterior). nil for fewer than three centroids.
    public init?(centroids: [Vector3], occlusalHint: Vector3, jaw: Jaw) {
        guard centroids.count >= 3, let axes = PrincipalAxes(centroids) else { return nil }
        var normal = axes.normal
        if normal.dot(occlusalHint) < 0 { normal = -normal }
        let u = axes.axes[0], v = normal.cross(u).normalized
        let flat = centroids.map { p -> (Double, Double) in let d = p - axes.centre; return (d.dot(u), d.dot(v)) }
        var best: (err: Double, theta: Double, fit: (Double, Double, Double))?
        func consider(_ theta: Double) {
            let cs = cos(theta), sn = sin(theta)
            let pts = flat.map { ($0.0 * cs + $0.1 * sn, -$0.0 * sn + $0.1 * cs) }
            guard let fit = Self.parabola(pts), fit.0 < 0 else { return }
            let err = pts.reduce(0) { let r = $1.1 - (fit.0 * $1.0 * $1.0 + fit.1 * $1.0 + fit.2); return $0 + r * r }
            if best.map({ err < $0.err }) ?? true { best = (err, theta, fit) }
        }
        for step in 0..<180 { consider(Double(step) * .pi / 90) }
        guard let coarse = best else { return nil }
        for step in -40...40 { consider(coarse.theta + Double(step) * .pi / 1800) }
        guard let found = best else { return nil }
        let cs = cos(found.theta), sn = sin(found.theta)
        var x = u * cs + v * sn
        let y = v * cs - u * sn
        let (pa, pc) = (found.fit.0, found.fit.2)
        var pb = found.fit.1
        // Right to left: the patient's left is superior × anterior; superior is against the upper jaw's occlusal direction.
        let superior = jaw == .upper ? -normal : normal
        if x.dot(superior.cross(y)) < 0 { x = -x; pb = -pb }
        centre = axes.centre
        occlusal = normal
        across = x
        anterior = y
        (a, b, c) = (pa, pb, pc)
        rmsResidual = (found.err / Double(centroids.count)).squareRoot()
    }

    /// Least-squares y = a x² + b x + c; nil when degenerate.
    static func parabola(_ pts: [(Double, Double)]) -> (Double, Double, Double)? {
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        var r = [0.0, 0, 0]
        for (x, y) in pts {
            let row = [x * x, x, 1]
            for i in 0..<3 {
                r[i] += row[i] * y
                for j in 0..<3 { m[i][j] += row[i] * row[j] }
            }
        }
        guard let s = LinearSolve.solve(m, r) else { return nil }
        return (s[0], s[1], s[2])
    }

    /// The point's coordinate across the arch relative to the parabola's vertex.
    public func acrossCoordinate(_ p: Vector3) -> Double { (p - centre).dot(across) + b / (2 * a) }

    /// Signed arc length from the vertex to the curve point above `p` (negative on the patient's right).
    public func arcPosition(_ p: Vector3) -> Double {
        let x = acrossCoordinate(p)
        let k = 2 * abs(a)
        guard k > 1e-12 else { return x }
        return x * (1 + k * k * x * x).squareRoot() / 2 + asinh(k * x) / (2 * k)
    }

    /// The unit tangent of the curve above `p`, pointing from the patient's right to left.
    public func tangent(at p: Vector3) -> Vector3 {
        let x = acrossCoordinate(p)
        // dy/dx about the vertex: 2a·x.
        return (across + anterior * (2 * a * x)).normalized
    }
}
