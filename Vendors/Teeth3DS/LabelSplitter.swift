import PlanModel

/// Splits a labelled scan into its parts (FORMAT.md, "Intake"): every triangle goes to the label most of
/// its corners carry — all three, or two of three at a tooth–gingiva or tooth–tooth boundary; a triangle
/// whose three corners all differ goes to the gingiva. Each part keeps the scan's triangle order and its
/// vertices in the scan's vertex order, compacted to the ones its triangles use.
///
/// Majority rather than "mixed goes to the gingiva": a real scan's boundary triangles are mostly
/// two-thirds tooth, and giving them to the tooth keeps the crown's margin closed up to the gum line.
struct LabelSplitter {
    /// The mesh of every label that owns at least one triangle (0 = gingiva).
    private(set) var parts: [Int: TriangleMesh] = [:]
    /// Triangles whose corners do not all carry one label.
    private(set) var boundaryTriangles = 0

    init(_ mesh: TriangleMesh, labels: [Int]) {
        let ix = mesh.indices
        var owned: [Int: [Int]] = [:]  // label → its triangles, in scan order
        var order: [Int] = []
        for t in 0..<mesh.triangleCount {
            let a = labels[Int(ix[3 * t])], b = labels[Int(ix[3 * t + 1])], c = labels[Int(ix[3 * t + 2])]
            let owner = a == b || a == c ? a : b == c ? b : Teeth3DSFormat.gingivaLabel
            if !(a == b && b == c) { boundaryTriangles += 1 }
            if owned[owner] == nil { order.append(owner) }
            owned[owner, default: []].append(t)
        }
        var used = [Int](repeating: -1, count: mesh.vertexCount)
        for label in order {
            guard let triangles = owned[label] else { continue }
            parts[label] = Self.part(mesh, triangles: triangles, scratch: &used)
        }
    }

    /// The sub-mesh of `triangles`; `scratch` (all −1, one per scan vertex) is returned all −1 again.
    private static func part(_ mesh: TriangleMesh, triangles: [Int], scratch used: inout [Int]) -> TriangleMesh {
        let ix = mesh.indices
        var vertices: [Int] = []
        for t in triangles {
            for k in 0..<3 where used[Int(ix[3 * t + k])] == -1 {
                let v = Int(ix[3 * t + k])
                used[v] = 0
                vertices.append(v)
            }
        }
        vertices.sort()  // the scan's vertex order, so a crown written contiguously comes back unchanged
        var positions: [Float] = []
        positions.reserveCapacity(3 * vertices.count)
        for (new, v) in vertices.enumerated() {
            used[v] = new
            positions.append(mesh.positions[3 * v])
            positions.append(mesh.positions[3 * v + 1])
            positions.append(mesh.positions[3 * v + 2])
        }
        var indices: [UInt32] = []
        indices.reserveCapacity(3 * triangles.count)
        for t in triangles {
            for k in 0..<3 { indices.append(UInt32(used[Int(ix[3 * t + k])])) }
        }
        for v in vertices { used[v] = -1 }
        return TriangleMesh(positions: positions, indices: indices)
    }
}
