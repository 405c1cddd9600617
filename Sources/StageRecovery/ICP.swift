import PlanModel

/// Rigid registration without correspondence: iterative closest point, point-to-plane (Chen & Medioni)
/// to converge, then point-to-point (Besl & McKay, closed-form steps) to settle rotations the surface
/// alone leaves loose; the nearest target vertex found in a k-d tree, the worst pairs trimmed as outliers.
public struct ICP: Sendable {
    /// The fraction of pairs kept each iteration (the rest, farthest first, are outliers).
    public var keptFraction = 0.9
    public var maxIterations = 60
    /// Stop when an iteration moves the source by less than this (mm, or radians × 10 mm).
    public var tolerance = 1e-7
    /// At most this many source vertices take part (evenly strided), to bound the cost per shell.
    public var maxSourcePoints = 3000

    public init() {}

    /// The outcome: the motion taking source onto target, the RMS point-to-plane residual over all
    /// sampled source points, and the iterations used.
    public struct Result: Sendable {
        public var transform: RigidTransform
        public var rmsResidual: Double
        public var iterations: Int
    }

    /// Registers `source` onto `target` starting from `initial`.
    public func register(source: PointCloud, target: PointCloud, tree: KDTreeIndex, initial: RigidTransform) -> Result {
        let stride = max(1, source.points.count / maxSourcePoints)
        let sample = Swift.stride(from: 0, to: source.points.count, by: stride).map { source.points[$0] }
        var transform = initial
        var iterations = 0
        for i in 0..<maxIterations {
            iterations = i + 1
            var pairs: [(p: Vector3, q: Vector3, n: Vector3, d: Double)] = []
            pairs.reserveCapacity(sample.count)
            for s in sample {
                let p = transform.apply(to: s)
                guard let hit = tree.tree.nearest(p) else { continue }
                let q = target.points[hit.index], n = target.normals[hit.index]
                pairs.append((p, q, n, hit.distanceSquared))
            }
            guard pairs.count >= 6 else { break }
            pairs.sort { $0.d < $1.d }
            let kept = pairs.prefix(max(6, Int(Double(pairs.count) * keptFraction)))
            guard let step = Self.solveStep(kept.map { ($0.p, $0.q, $0.n) }) else { break }
            transform = step.composed(with: transform)
            let moved = step.rotation.rotationVector.length * 10 + step.translation.length
            if moved < tolerance { break }
        }
        // Point-to-plane leaves rotation about a symmetry axis (a rounded crown's long axis) loosely held;
        // point-to-point pairs then pin it where the surfaces are sampled alike (the planner's own mesh).
        for i in 0..<maxIterations {
            iterations += 1
            var pairs: [(s: Vector3, q: Vector3, d: Double)] = []
            pairs.reserveCapacity(sample.count)
            for s in sample {
                guard let hit = tree.tree.nearest(transform.apply(to: s)) else { continue }
                pairs.append((s, target.points[hit.index], hit.distanceSquared))
            }
            pairs.sort { $0.d < $1.d }
            let kept = pairs.prefix(max(3, Int(Double(pairs.count) * keptFraction)))
            guard let next = RigidFit.horn(source: kept.map(\.s), target: kept.map(\.q)) else { break }
            let moved = next.maxDifference(to: transform)
            transform = next
            if moved < tolerance || i == maxIterations - 1 { break }
        }
        return Result(transform: transform, rmsResidual: Self.residual(sample, transform: transform, tree: tree, target: target),
                      iterations: iterations)
    }

    /// RMS point-to-plane distance of every sampled point (no trimming: a deformed shell must show).
    static func residual(_ sample: [Vector3], transform: RigidTransform, tree: KDTreeIndex, target: PointCloud) -> Double {
        var sum = 0.0
        var count = 0
        for s in sample {
            let p = transform.apply(to: s)
            guard let hit = tree.tree.nearest(p) else { continue }
            let n = target.normals[hit.index]
            let d = n == .zero ? hit.distanceSquared.squareRoot() : (p - target.points[hit.index]).dot(n)
            sum += d * d
            count += 1
        }
        return count == 0 ? 0 : (sum / Double(count)).squareRoot()
    }

    /// One linearised point-to-plane step: the small rotation ω and translation δ minimising
    /// Σ ((p + ω×p + δ − q)·n)², solved from the 6×6 normal equations; nil if they are singular.
    static func solveStep(_ pairs: [(Vector3, Vector3, Vector3)]) -> RigidTransform? {
        // Work about the pairs' centroid so the rotation and translation are well conditioned.
        let c = pairs.reduce(Vector3.zero) { $0 + $1.0 } / Double(pairs.count)
        var a = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        var b = [Double](repeating: 0, count: 6)
        for (p0, q, n) in pairs where n != .zero {
            let p = p0 - c
            let r = p.cross(n)
            let row = [r.x, r.y, r.z, n.x, n.y, n.z]
            let rhs = (q - p0).dot(n)
            for i in 0..<6 {
                b[i] += row[i] * rhs
                for j in 0..<6 { a[i][j] += row[i] * row[j] }
            }
        }
        guard let x = LinearSolve.solve(a, b) else { return nil }
        let omega = Vector3(x[0], x[1], x[2])
        let rotation = Quaternion(axis: omega, radians: omega.length)
        // p' = R(p − c) + c + δ.
        let delta = Vector3(x[3], x[4], x[5])
        return RigidTransform(rotation: rotation, translation: c - rotation.rotate(c) + delta)
    }
}

/// A k-d tree over a target cloud, built once and shared by every registration against it.
public struct KDTreeIndex: Sendable {
    let tree: KDTree
    /// Indexes `cloud`'s points.
    public init(_ cloud: PointCloud) { tree = KDTree(cloud.points) }

    /// The nearest point's index and distance.
    public func nearest(_ p: Vector3) -> (index: Int, distance: Double)? {
        tree.nearest(p).map { ($0.index, $0.distanceSquared.squareRoot()) }
    }
}

/// Gaussian elimination with partial pivoting for the small dense systems of registration.
enum LinearSolve {
    /// x with a·x = b; nil when a is (numerically) singular.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        var a = matrix
        var b = rhs
        let scale = matrix.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0 else { return nil }
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
                  abs(a[pivot][col]) > 1e-12 * scale else { return nil }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for r in (col + 1)..<n where r < n {
                let f = a[r][col] / a[col][col]
                guard f != 0 else { continue }
                for k in col..<n { a[r][k] -= f * a[col][k] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<n where k < n { s -= a[r][k] * x[k] }
            x[r] = s / a[r][r]
        }
        return x
    }
}
