import PlanModel

/// A static 3-d tree over points for nearest-neighbour queries (ICP's correspondence search): built once
/// per target shell by median splits, queried in O(log n) on average.
struct KDTree: Sendable {
    private let points: [Vector3]
    /// Point indices in tree order; the node of range lo..<hi is at the middle, split on `axis[mid]`.
    private var order: [Int]
    private var axis: [UInt8]

    init(_ points: [Vector3]) {
        self.points = points
        order = Array(points.indices)
        axis = [UInt8](repeating: 0, count: points.count)
        build(0, points.count)
    }

    private static func coordinate(_ p: Vector3, _ a: UInt8) -> Double { a == 0 ? p.x : a == 1 ? p.y : p.z }

    private mutating func build(_ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        let slice = order[lo..<hi].map { points[$0] }
        guard let box = BoundingBox(points: slice) else { return }
        let size = box.size
        let a: UInt8 = size.x >= size.y && size.x >= size.z ? 0 : size.y >= size.z ? 1 : 2
        let pts = points
        order[lo..<hi].sort { Self.coordinate(pts[$0], a) < Self.coordinate(pts[$1], a) }
        let mid = (lo + hi) / 2
        axis[mid] = a
        build(lo, mid)
        build(mid + 1, hi)
    }

    /// The index of the point nearest `q` and its squared distance; nil for an empty tree.
    func nearest(_ q: Vector3) -> (index: Int, distanceSquared: Double)? {
        guard !points.isEmpty else { return nil }
        var best = (index: -1, distanceSquared: Double.infinity)
        search(q, 0, points.count, &best)
        return best.index >= 0 ? best : nil
    }

    private func search(_ q: Vector3, _ lo: Int, _ hi: Int, _ best: inout (index: Int, distanceSquared: Double)) {
        guard lo < hi else { return }
        let mid = (lo + hi) / 2
        let p = points[order[mid]]
        let d = p - q
        let d2 = d.dot(d)
        if d2 < best.distanceSquared { best = (order[mid], d2) }
        guard hi - lo > 1 else { return }
        let a = axis[mid]
        let delta = Self.coordinate(q, a) - Self.coordinate(p, a)
        let (near, far) = delta < 0 ? ((lo, mid), (mid + 1, hi)) : ((mid + 1, hi), (lo, mid))
        search(q, near.0, near.1, &best)
        if delta * delta < best.distanceSquared { search(q, far.0, far.1, &best) }
    }
}
