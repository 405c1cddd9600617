/// A triangle mesh prepared for signed-distance queries: a bounding-volume hierarchy of axis-aligned
/// boxes over its triangles, and angle-weighted pseudo-normals (Bærentzen & Aanæs, 2005) at every face,
/// edge and vertex, so the nearest feature also says whether a point lies inside or outside.
///
/// Built once per crown (in whatever coordinates the caller chooses); queries are pure and thread-safe.
/// Vertices are matched by position, not index, so an unwelded (STL-style) mesh gets the same normals as
/// a welded one. The sign is exact for a closed, consistently oriented surface; near an open crown's
/// surface (a scan open at the gum line) it still says which side of the enamel a point is on.
public struct SurfaceBVH: Sendable {
    struct Node: Sendable {
        var lo: Vector3
        var hi: Vector3
        /// Leaf: first triangle slot and the count; inner node: count 0, children at index + 1 and `right`.
        var start: Int32
        var count: Int32
        var right: Int32
    }

    /// The distinct vertex positions (one per position, however often the mesh repeats it), in the order
    /// the leaves first use them, so neighbouring indices are neighbouring points.
    let points: [Vector3]
    /// Three indices into `points` per triangle slot; slots are in leaf order (a leaf's triangles are contiguous).
    let corners: [Int32]
    let nodes: [Node]
    /// Per slot.
    let faceNormals: [Vector3]
    /// Per slot, the pseudo-normals of its edges ab, bc, ca.
    let edgeNormals: [Vector3]
    /// Per point.
    let vertexNormals: [Vector3]
    /// The slots of the triangles around point i: `incident[incidentStart[i]..<incidentStart[i + 1]]`.
    let incidentStart: [Int32]
    let incident: [Int32]
    /// The longest root-to-leaf path (the query's stack never holds more than this + 1 nodes).
    let depth: Int

    /// Triangles per leaf at most.
    static let leafSize = 4

    /// The box around every vertex; nil for an empty mesh.
    public var bounds: BoundingBox? { nodes.first.map { BoundingBox(min: $0.lo, max: $0.hi) } }

    /// Prepares `mesh` with every vertex moved by `transform` first (identity: the mesh as it is).
    /// Triangles referring to a missing vertex are skipped (`PlanValidator` reports such meshes).
    public init(_ mesh: TriangleMesh, transform: RigidTransform = .identity) {
        let n = mesh.vertexCount
        var moved = [Vector3]()
        moved.reserveCapacity(n)
        for i in 0..<n { moved.append(transform.apply(to: mesh.vertex(i))) }
        var triangles = [Int32]()
        triangles.reserveCapacity(mesh.indices.count)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            guard Int(a) < n, Int(b) < n, Int(c) < n else { continue }
            triangles.append(Int32(a))
            triangles.append(Int32(b))
            triangles.append(Int32(c))
        }
        let built = Self.hierarchy(moved, triangles)
        let leafOrdered = Self.reordered(triangles, slots: built.order)
        let (points, corners) = Self.distinctPoints(moved, leafOrdered)
        self.points = points
        self.corners = corners
        nodes = built.nodes
        depth = built.depth
        (faceNormals, edgeNormals, vertexNormals) = Self.pseudoNormals(points, corners)
        (incidentStart, incident) = Self.incidence(points.count, corners)
    }

    /// The triangle slots around every point, as offsets and one flat list.
    static func incidence(_ pointCount: Int, _ corners: [Int32]) -> ([Int32], [Int32]) {
        var start = [Int32](repeating: 0, count: pointCount + 1)
        for c in corners { start[Int(c) + 1] += 1 }
        for i in 0..<pointCount { start[i + 1] += start[i] }
        var fill = start
        var slots = [Int32](repeating: 0, count: corners.count)
        for (k, c) in corners.enumerated() {
            slots[Int(fill[Int(c)])] = Int32(k / 3)
            fill[Int(c)] += 1
        }
        return (start, slots)
    }

    /// The distance from `p` to the surface, and whether `p` lies inside it; nil for an empty mesh.
    public func signedDistance(to p: Vector3) -> (distance: Double, inside: Bool)? {
        guard let near = nearest(to: p, stopWithin: 0) else { return nil }
        return (near.distanceSquared.squareRoot(), isInside(p, near))
    }

    /// How deep `p` lies inside the surface (its distance to the nearest surface point), when it is
    /// inside and deeper than `floor`; nil otherwise. Stops as soon as it finds surface within `floor`
    /// of `p`, which is what makes most queries of an overlap search cheap.
    func depthInside(_ p: Vector3, deeperThan floor: Double) -> Double? {
        guard let near = nearest(to: p, stopWithin: floor), near.distanceSquared > floor * floor,
              isInside(p, near) else { return nil }
        return near.distanceSquared.squareRoot()
    }

    /// Whether a ball around `centre` can reach any triangle's box, looking `levels` deep into the hierarchy.
    func ballMayReach(_ centre: Vector3, radius: Double, levels: Int = 4) -> Bool {
        guard !nodes.isEmpty else { return false }
        let r2 = radius * radius
        var stack: [(node: Int32, level: Int)] = [(0, 0)]
        while let (index, level) = stack.popLast() {
            let node = nodes[Int(index)]
            guard Self.boxDistanceSquared(centre, node.lo, node.hi) <= r2 else { continue }
            if node.count > 0 || level == levels { return true }
            stack.append((index + 1, level + 1))
            stack.append((node.right, level + 1))
        }
        return false
    }

    struct Nearest {
        var distanceSquared: Double
        var point: Vector3
        var slot: Int
        var feature: TriangleFeature
    }

    /// The nearest surface point, searched nearer child first; it returns early (with that point) once one
    /// within `stopWithin` is found. Nil for an empty mesh.
    func nearest(to p: Vector3, stopWithin: Double) -> Nearest? {
        guard !nodes.isEmpty else { return nil }
        let stop = stopWithin * stopWithin
        var best = Nearest(distanceSquared: .infinity, point: .zero, slot: -1, feature: .face)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: depth + 2) { stack in
            nodes.withUnsafeBufferPointer { nodes in
                points.withUnsafeBufferPointer { points in
                    corners.withUnsafeBufferPointer { corners in
                        stack[0] = 0
                        var top = 1
                        while top > 0 {
                            top -= 1
                            let index = Int(stack[top])
                            let node = nodes[index]
                            guard Self.boxDistanceSquared(p, node.lo, node.hi) < best.distanceSquared else { continue }
                            if node.count > 0 {
                                for slot in Int(node.start)..<Int(node.start + node.count) {
                                    let (q, feature) = ClosestPoint.onTriangle(p, points[Int(corners[3 * slot])], points[Int(corners[3 * slot + 1])],
                                                                               points[Int(corners[3 * slot + 2])])
                                    let d = (q - p).dot(q - p)
                                    if d < best.distanceSquared { best = Nearest(distanceSquared: d, point: q, slot: slot, feature: feature) }
                                }
                                if best.distanceSquared <= stop { return }
                                continue
                            }
                            // Push the farther child first so the nearer one is searched first and prunes more.
                            let left = index + 1, right = Int(node.right)
                            let dl = Self.boxDistanceSquared(p, nodes[left].lo, nodes[left].hi)
                            let dr = Self.boxDistanceSquared(p, nodes[right].lo, nodes[right].hi)
                            let (far, near) = dl < dr ? (right, left) : (left, right)
                            stack[top] = Int32(far)
                            stack[top + 1] = Int32(near)
                            top += 2
                        }
                    }
                }
            }
        }
        return best.slot >= 0 ? best : nil
    }

    func isInside(_ p: Vector3, _ near: Nearest) -> Bool {
        (p - near.point).dot(pseudoNormal(near.slot, near.feature)) < 0
    }

    func pseudoNormal(_ slot: Int, _ feature: TriangleFeature) -> Vector3 {
        switch feature {
        case .face: faceNormals[slot]
        case .vertexA: vertexNormals[Int(corners[3 * slot])]
        case .vertexB: vertexNormals[Int(corners[3 * slot + 1])]
        case .vertexC: vertexNormals[Int(corners[3 * slot + 2])]
        case .edgeAB: edgeNormals[3 * slot]
        case .edgeBC: edgeNormals[3 * slot + 1]
        case .edgeCA: edgeNormals[3 * slot + 2]
        }
    }

    @inline(__always)
    static func boxDistanceSquared(_ p: Vector3, _ lo: Vector3, _ hi: Vector3) -> Double {
        let dx = max(lo.x - p.x, 0, p.x - hi.x), dy = max(lo.y - p.y, 0, p.y - hi.y), dz = max(lo.z - p.z, 0, p.z - hi.z)
        return dx * dx + dy * dy + dz * dz
    }
}
