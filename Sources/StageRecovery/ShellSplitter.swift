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

    /// Its bounding box (nil when it has no vertices).
    public var box: BoundingBox?

    /// Measures `mesh`.
    public init(mesh: TriangleMesh) {
        self.init(mesh: mesh, boundaryEdges: Self.boundaryEdgeCount(mesh))
    }

    /// Measures `mesh`, whose open-edge count is known (it depends on the triangles alone, so a shell with
    /// stage 0's triangles has stage 0's count).
    init(mesh: TriangleMesh, boundaryEdges: Int) {
        self.mesh = mesh
        self.boundaryEdges = boundaryEdges
        let box = mesh.boundingBox
        self.box = box
        extent = box?.largestExtent ?? 0
        let axes = PrincipalAxes(positions: mesh.positions)
        centroid = axes?.centre ?? .zero
        thickness = axes.map { Self.span(mesh.positions, along: $0.axes[2]) } ?? 0
    }

    /// The extent of flat xyz `positions` along the unit vector `axis`.
    static func span(_ positions: [Float], along axis: Vector3) -> Double {
        positions.withUnsafeBufferPointer { p in
            var lo = Double.infinity, hi = -Double.infinity
            var i = 0
            while i + 2 < p.count {
                let d = Double(p[i]) * axis.x + Double(p[i + 1]) * axis.y + Double(p[i + 2]) * axis.z
                lo = min(lo, d)
                hi = max(hi, d)
                i += 3
            }
            return hi >= lo ? hi - lo : 0
        }
    }

    /// Whether at most 2 % of its edges are open (closed or nearly: scans leave small holes).
    public var isNearlyClosed: Bool { boundaryEdges * 50 <= max(1, mesh.triangleCount * 3 / 2) }

    /// Edges used by exactly one triangle: every edge listed under its lower vertex (counting sort), each
    /// vertex's short list sorted and its runs of length 1 counted — no hashing.
    static func boundaryEdgeCount(_ mesh: TriangleMesh) -> Int {
        let n = mesh.vertexCount, indices = mesh.indices
        guard n > 0, indices.allSatisfy({ Int($0) < n }) else { return 0 }
        var start = [Int](repeating: 0, count: n + 1)
        // Edge k of triangle t joins corners k and (k + 1) % 3.
        func edge(_ i: Int) -> (lo: UInt32, hi: UInt32) {
            let u = indices[i], v = indices[i - i % 3 + (i % 3 + 1) % 3]
            return (min(u, v), max(u, v))
        }
        for i in 0..<3 * mesh.triangleCount { start[Int(edge(i).lo) + 1] += 1 }
        for v in 0..<n { start[v + 1] += start[v] }
        var fill = start
        var others = [UInt32](repeating: 0, count: start[n])
        for i in 0..<3 * mesh.triangleCount {
            let (lo, hi) = edge(i)
            others[fill[Int(lo)]] = hi
            fill[Int(lo)] += 1
        }
        var open = 0
        for v in 0..<n where start[v + 1] > start[v] {
            others[start[v]..<start[v + 1]].sort()
            var i = start[v]
            while i < start[v + 1] {
                var j = i + 1
                while j < start[v + 1] && others[j] == others[i] { j += 1 }
                if j - i == 1 { open += 1 }
                i = j
            }
        }
        return open
    }
}

/// Welds a stage model and splits it into its connected shells.
public enum ShellSplitter {
    /// One connected component: its compact mesh, the model's vertices it holds (in its vertex order)
    /// and its first triangle in the model (which orders equal-sized components).
    struct Part {
        var mesh: TriangleMesh
        var vertices: [UInt32]
        var first: Int
    }

    /// `mesh` with vertices at bit-identical positions merged (a triangle soup becomes a surface); the
    /// first occurrence keeps its place, so the same soup always welds to the same numbering.
    public static func weld(_ mesh: TriangleMesh) -> TriangleMesh {
        var table = WeldTable(capacity: mesh.vertexCount)
        var remap = [UInt32](repeating: 0, count: mesh.vertexCount)
        var positions: [Float] = []
        positions.reserveCapacity(mesh.positions.count)
        for v in 0..<mesh.vertexCount {
            let x = mesh.positions[3 * v], y = mesh.positions[3 * v + 1], z = mesh.positions[3 * v + 2]
            // +0 and −0 are one position.
            let next = UInt32(positions.count / 3)
            let index = table.index(x == 0 ? 0 : x.bitPattern, y == 0 ? 0 : y.bitPattern, z == 0 ? 0 : z.bitPattern, orInsert: next)
            remap[v] = index
            if index == next { positions.append(x); positions.append(y); positions.append(z) }
        }
        let indices = mesh.indices.map { Int($0) < remap.count ? remap[Int($0)] : 0 }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// The connected components of `mesh` (triangles sharing a vertex), each as its own shell, largest
    /// first (ties by first triangle, so the order is stable). `welded`: `mesh` already has no two vertices
    /// at one position (as `STLCodec.decode` returns it), so the weld is skipped.
    public static func shells(_ mesh: TriangleMesh, welded: Bool = false) -> [Shell] {
        split(welded ? mesh : weld(mesh)).shells
    }

    /// A welded model's shells, with the topology that splits any model of the same triangles the same way.
    static func split(_ welded: TriangleMesh) -> (shells: [Shell], topology: ModelTopology) {
        let pieces = parts(welded)
        let shells = pieces.map { Shell(mesh: $0.mesh) }
        return (shells, ModelTopology(welded, parts: pieces, shells: shells))
    }

    /// The components as meshes, each with the vertices of `mesh` it holds (in its own vertex order) and
    /// its first triangle.
    static func parts(_ mesh: TriangleMesh) -> [Part] {
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
        var groupOf = [Int](repeating: -1, count: mesh.vertexCount)
        var groups: [(first: Int, triangles: [Int])] = []
        for t in 0..<mesh.triangleCount {
            let (a, _, _) = mesh.triangle(t)
            guard Int(a) < parent.count else { continue }
            let r = root(Int(a))
            if groupOf[r] >= 0 { groups[groupOf[r]].triangles.append(t) } else {
                groupOf[r] = groups.count
                groups.append((t, [t]))
            }
        }
        groups.sort { ($0.triangles.count, -$0.first) > ($1.triangles.count, -$1.first) }
        var scratch = [UInt32](repeating: .max, count: mesh.vertexCount)
        return groups.map { group in
            let (piece, vertices) = part(mesh, triangles: group.triangles, scratch: &scratch)
            return Part(mesh: piece, vertices: vertices, first: group.first)
        }
    }

    /// The triangles `triangles` of `mesh` as a compact mesh (vertices in first-use order).
    static func extract(_ mesh: TriangleMesh, triangles: [Int]) -> TriangleMesh {
        var scratch = [UInt32](repeating: .max, count: mesh.vertexCount)
        return extract(mesh, triangles: triangles, scratch: &scratch)
    }

    /// `extract` with the vertex renumbering in `scratch` (one entry per vertex of `mesh`, all `UInt32.max`),
    /// left as it was found, so one array serves every shell of a model.
    static func extract(_ mesh: TriangleMesh, triangles: [Int], scratch: inout [UInt32]) -> TriangleMesh {
        part(mesh, triangles: triangles, scratch: &scratch).mesh
    }

    /// `extract`, with the vertices of `mesh` the part holds, in its vertex order.
    static func part(_ mesh: TriangleMesh, triangles: [Int], scratch local: inout [UInt32]) -> (mesh: TriangleMesh, vertices: [UInt32]) {
        var positions: [Float] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(triangles.count * 3)
        var used: [UInt32] = []
        for t in triangles {
            for k in 0..<3 {
                let v = mesh.indices[3 * t + k]
                guard Int(v) < local.count else { indices.append(0); continue }
                let l = local[Int(v)]
                if l != .max { indices.append(l); continue }
                let new = UInt32(positions.count / 3)
                local[Int(v)] = new
                used.append(v)
                positions += mesh.positions[Int(v) * 3..<Int(v) * 3 + 3]
                indices.append(new)
            }
        }
        for v in used { local[Int(v)] = .max }
        return (TriangleMesh(positions: positions, indices: indices), used)
    }
}
