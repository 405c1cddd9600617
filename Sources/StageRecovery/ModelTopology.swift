import PlanModel

/// How stage 0's welded model splits into shells, kept for the later stages: planners move the same mesh,
/// so a later model that starts with the very same triangles splits the same way there — those shells are
/// its positions gathered through stage 0's vertex lists, with stage 0's compact triangles and open-edge
/// counts (no components, no renumbering, no edge count). Triangles after them that use none of their
/// vertices (solids added at that stage, such as attachments) are split on their own; any other model is
/// split from scratch.
struct ModelTopology: Sendable {
    let vertexCount: Int
    /// The welded model's triangles.
    let indices: [UInt32]
    /// Per shell, in shell order: the model's vertices in the shell's vertex order, the shell's triangles,
    /// its open edges and its first triangle.
    let parts: [(vertices: [UInt32], indices: [UInt32], boundaryEdges: Int, first: Int)]

    init(_ welded: TriangleMesh, parts: [ShellSplitter.Part], shells: [Shell]) {
        vertexCount = welded.vertexCount
        indices = welded.indices
        self.parts = zip(parts, shells).map { ($0.0.vertices, $0.1.mesh.indices, $0.1.boundaryEdges, $0.0.first) }
    }

    /// The shells of the welded model `mesh` when it starts with these triangles and its later triangles
    /// share no vertex with them (as `ShellSplitter.shells` would give them); nil otherwise.
    func shells(of mesh: TriangleMesh) -> [Shell]? {
        guard mesh.vertexCount >= vertexCount, mesh.indices.count >= indices.count else { return nil }
        guard mesh.indices.count > indices.count else {
            return mesh.vertexCount == vertexCount && mesh.indices == indices ? gather(mesh) : nil
        }
        let lead = indices.count, n = UInt32(vertexCount), total = UInt32(mesh.vertexCount)
        let separate = mesh.indices.withUnsafeBufferPointer { m in
            indices.withUnsafeBufferPointer { s in
                var same = true
                for i in 0..<lead where m[i] != s[i] { same = false; break }
                for i in lead..<m.count where !same || m[i] < n || m[i] >= total { same = false; break }
                return same
            }
        }
        guard separate else { return nil }
        let added = TriangleMesh(positions: Array(mesh.positions[3 * vertexCount..<3 * mesh.vertexCount]),
                                 indices: mesh.indices[lead...].map { $0 - n })
        var all = zip(gather(mesh), parts.map(\.first)).map { ($0.0, $0.1) }
        all += ShellSplitter.parts(added).map { (Shell(mesh: $0.mesh), lead / 3 + $0.first) }
        // `ShellSplitter.parts`' order: largest first, ties by first triangle.
        all.sort { ($0.0.mesh.triangleCount, -$0.1) > ($1.0.mesh.triangleCount, -$1.1) }
        return all.map(\.0)
    }

    /// The shells of stage 0's triangles, with `mesh`'s positions.
    private func gather(_ mesh: TriangleMesh) -> [Shell] {
        // Every part's vertices are below `vertexCount` (they come from stage 0's checked indices).
        mesh.positions.withUnsafeBufferPointer { source in
            parts.map { part in
                var positions = [Float](repeating: 0, count: 3 * part.vertices.count)
                positions.withUnsafeMutableBufferPointer { out in
                    for (k, v) in part.vertices.enumerated() {
                        let s = 3 * Int(v)
                        out[3 * k] = source[s]
                        out[3 * k + 1] = source[s + 1]
                        out[3 * k + 2] = source[s + 2]
                    }
                }
                return Shell(mesh: TriangleMesh(positions: positions, indices: part.indices), boundaryEdges: part.boundaryEdges)
            }
        }
    }
}
