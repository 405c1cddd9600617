import PlanModel

/// One connected piece of a stage model: its own compact mesh and measures.
public struct Shell: Sendable, Hashable {
    /// The piece's mesh, vertices renumbered from 0 in first-use order.
    public var mesh: TriangleMesh
    public var centroid: Vector3
    /// The largest edge of its bounding box, mm.
    public var extent: Double
    /// Edges used by one triangle only (0 for a closed shell).
    public var boundaryEdges: Int
    /// The extent along its thinnest principal axis, mm (attachments are thin, crowns are not).
    public var thickness: Double

    /// Measures `mesh`.
    public init(mesh: TriangleMesh) {
        self.mesh = mesh
        let box = mesh.boundingBox
        extent = box?.largestExtent ?? 0
        var sum = Vector3.zero
        for v in 0..<mesh.vertexCount { sum += mesh.vertex(v) }
        centroid = mesh.vertexCount == 0 ? .zero : sum / Double(mesh.vertexCount)
        boundaryEdges = Self.boundaryEdgeCount(mesh)
        let points = (0..<mesh.vertexCount).map(mesh.vertex)
        if let axes = PrincipalAxes(points) {
            let along = points.map { $0.dot(axes.axes[2]) }
            thickness = (along.max() ?? 0) - (along.min() ?? 0)
        } else {
            thickness = 0
        }
    }

    /// Whether at most 2 % of its edges are open (closed or nearly: scans leave small holes).
    public var isNearlyClosed: Bool { boundaryEdges * 50 <= max(1, mesh.triangleCount * 3 / 2) }

    static func boundaryEdgeCount(_ mesh: TriangleMesh) -> Int {
        var uses: [UInt64: Int] = [:]
        uses.reserveCapacity(mesh.triangleCount * 3 / 2)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            for (u, v) in [(a, b), (b, c), (c, a)] {
                uses[UInt64(min(u, v)) << 32 | UInt64(max(u, v)), default: 0] += 1
            }
        }
        return uses.values.count { $0 == 1 }
    }
}

/// Welds a stage model and splits it into its connected shells.
public enum ShellSplitter {
    /// `mesh` with vertices at bit-identical positions merged (a triangle soup becomes a surface); the
    /// first occurrence keeps its place, so the same soup always welds to the same numbering.
    public static func weld(_ mesh: TriangleMesh) -> TriangleMesh {
        var first: [SIMD3<UInt32>: UInt32] = [:]
        first.reserveCapacity(mesh.vertexCount)
        var remap = [UInt32](repeating: 0, count: mesh.vertexCount)
        var positions: [Float] = []
        positions.reserveCapacity(mesh.positions.count)
        for v in 0..<mesh.vertexCount {
            let x = mesh.positions[3 * v], y = mesh.positions[3 * v + 1], z = mesh.positions[3 * v + 2]
            // +0 and −0 are one position.
            let key = SIMD3(x == 0 ? 0 : x.bitPattern, y == 0 ? 0 : y.bitPattern, z == 0 ? 0 : z.bitPattern)
            if let existing = first[key] { remap[v] = existing; continue }
            let index = UInt32(positions.count / 3)
            first[key] = index
            remap[v] = index
            positions += [x, y, z]
        }
        let indices = mesh.indices.map { Int($0) < remap.count ? remap[Int($0)] : 0 }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// The connected components of `mesh` (triangles sharing a vertex), each as its own shell, largest
    /// first (ties by first triangle, so the order is stable).
    public static func shells(_ mesh: TriangleMesh) -> [Shell] {
        components(weld(mesh)).map(Shell.init(mesh:))
    }

    /// The components as meshes.
    static func components(_ mesh: TriangleMesh) -> [TriangleMesh] {
        var parent = Array(0..<mesh.vertexCount)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            guard Int(a) < parent.count, Int(b) < parent.count, Int(c) < parent.count else { continue }
            let ra = root(Int(a)), rb = root(Int(b)), rc = root(Int(c))
            parent[rb] = ra
            parent[root(rc)] = root(ra)
        }
        var groupOf: [Int: Int] = [:]
        var groups: [(first: Int, triangles: [Int])] = []
        for t in 0..<mesh.triangleCount {
            let (a, _, _) = mesh.triangle(t)
            guard Int(a) < parent.count else { continue }
            let r = root(Int(a))
            if let g = groupOf[r] { groups[g].triangles.append(t) } else {
                groupOf[r] = groups.count
                groups.append((t, [t]))
            }
        }
        groups.sort { ($0.triangles.count, -$0.first) > ($1.triangles.count, -$1.first) }
        return groups.map { extract(mesh, triangles: $0.triangles) }
    }

    /// The triangles `triangles` of `mesh` as a compact mesh (vertices in first-use order).
    static func extract(_ mesh: TriangleMesh, triangles: [Int]) -> TriangleMesh {
        var local: [UInt32: UInt32] = [:]
        var positions: [Float] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(triangles.count * 3)
        for t in triangles {
            for k in 0..<3 {
                let v = mesh.indices[3 * t + k]
                if let l = local[v] { indices.append(l); continue }
                let l = UInt32(positions.count / 3)
                local[v] = l
                positions += mesh.positions[Int(v) * 3..<Int(v) * 3 + 3]
                indices.append(l)
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }
}
