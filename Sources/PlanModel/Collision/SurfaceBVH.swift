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
        /// Leaf: first slot in `order` and the count; inner node: count 0, children at index + 1 and `right`.
        var start: Int32
        var count: Int32
        var right: Int32
    }

    let points: [Vector3]
    /// Three corner indices per triangle.
    let corners: [Int32]
    /// Triangles in leaf order.
    let order: [Int32]
    let nodes: [Node]
    let faceNormals: [Vector3]
    /// Per triangle, the pseudo-normals of its edges ab, bc, ca.
    let edgeNormals: [Vector3]
    /// Per vertex (by position).
    let vertexNormals: [Vector3]

    /// Triangles per leaf at most.
    static let leafSize = 4

    /// The box around every vertex; nil for an empty mesh.
    public var bounds: BoundingBox? { nodes.first.map { BoundingBox(min: $0.lo, max: $0.hi) } }

    /// Prepares `mesh` with every vertex moved by `transform` first (identity: the mesh as it is).
    /// Triangles referring to a missing vertex are skipped (`PlanValidator` reports such meshes).
    public init(_ mesh: TriangleMesh, transform: RigidTransform = .identity) {
        let n = mesh.vertexCount
        var points = [Vector3]()
        points.reserveCapacity(n)
        for i in 0..<n { points.append(transform.apply(to: mesh.vertex(i))) }
        var corners = [Int32]()
        corners.reserveCapacity(mesh.indices.count)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            guard Int(a) < n, Int(b) < n, Int(c) < n else { continue }
            corners += [Int32(a), Int32(b), Int32(c)]
        }
        self.points = points
        self.corners = corners
        (faceNormals, edgeNormals, vertexNormals) = Self.pseudoNormals(points, corners)
        (nodes, order) = Self.hierarchy(points, corners)
    }

    /// The distance from `p` to the surface, and whether `p` lies inside it; nil for an empty mesh.
    public func signedDistance(to p: Vector3) -> (distance: Double, inside: Bool)? {
        guard !nodes.isEmpty else { return nil }
        var best = Double.infinity
        var bestPoint = Vector3.zero
        var bestTriangle = -1
        var bestFeature = TriangleFeature.face
        var stack = [Int32](repeating: 0, count: 64)
        var top = 1
        while top > 0 {
            top -= 1
            let node = nodes[Int(stack[top])]
            guard Self.boxDistanceSquared(p, node.lo, node.hi) < best else { continue }
            if node.count > 0 {
                for slot in Int(node.start)..<Int(node.start + node.count) {
                    let t = Int(order[slot])
                    let (q, feature) = ClosestPoint.onTriangle(p, points[Int(corners[3 * t])], points[Int(corners[3 * t + 1])],
                                                               points[Int(corners[3 * t + 2])])
                    let d = (q - p).dot(q - p)
                    if d < best { (best, bestPoint, bestTriangle, bestFeature) = (d, q, t, feature) }
                }
                continue
            }
            // Push the farther child first so the nearer one is searched first and prunes more.
            let left = Int(stack[top]) + 1, right = Int(node.right)
            let dl = Self.boxDistanceSquared(p, nodes[left].lo, nodes[left].hi)
            let dr = Self.boxDistanceSquared(p, nodes[right].lo, nodes[right].hi)
            if top + 2 > stack.count { stack += [Int32](repeating: 0, count: stack.count) }
            if dl < dr {
                stack[top] = Int32(right); stack[top + 1] = Int32(left)
            } else {
                stack[top] = Int32(left); stack[top + 1] = Int32(right)
            }
            top += 2
        }
        guard bestTriangle >= 0 else { return nil }
        let normal = pseudoNormal(bestTriangle, bestFeature)
        return (best.squareRoot(), (p - bestPoint).dot(normal) < 0)
    }

    func pseudoNormal(_ t: Int, _ feature: TriangleFeature) -> Vector3 {
        switch feature {
        case .face: faceNormals[t]
        case .vertexA: vertexNormals[Int(corners[3 * t])]
        case .vertexB: vertexNormals[Int(corners[3 * t + 1])]
        case .vertexC: vertexNormals[Int(corners[3 * t + 2])]
        case .edgeAB: edgeNormals[3 * t]
        case .edgeBC: edgeNormals[3 * t + 1]
        case .edgeCA: edgeNormals[3 * t + 2]
        }
    }

    static func boxDistanceSquared(_ p: Vector3, _ lo: Vector3, _ hi: Vector3) -> Double {
        let dx = max(lo.x - p.x, 0, p.x - hi.x), dy = max(lo.y - p.y, 0, p.y - hi.y), dz = max(lo.z - p.z, 0, p.z - hi.z)
        return dx * dx + dy * dy + dz * dz
    }
}
