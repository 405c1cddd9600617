import PlanModel

/// Vertex clustering: vertices snapped to a grid and merged, triangles that collapse dropped. Crude but
/// robust on any mesh (no manifold needed), and enough for a crown drawn a few centimetres wide.
enum MeshDecimation {
    /// `mesh` reduced to at most about `target` triangles: the finest grid (of a few tried) that meets it.
    static func simplified(_ mesh: TriangleMesh, target: Int) -> TriangleMesh {
        // Non-finite vertices cannot be gridded; such a plan is drawn as it is (its problems are listed).
        guard mesh.triangleCount > target, mesh.positions.allSatisfy(\.isFinite), let box = mesh.boundingBox else { return mesh }
        let size = box.max - box.min
        let extent = max(size.x, size.y, size.z)
        guard extent > 0, extent.isFinite else { return mesh }
        var best = mesh
        for cells in [24, 18, 14, 11, 9, 7, 5, 4] {
            best = clustered(mesh, origin: box.min, cell: extent / Double(cells))
            if best.triangleCount <= target { break }
        }
        return best
    }

    static func clustered(_ mesh: TriangleMesh, origin: Vector3, cell: Double) -> TriangleMesh {
        struct Key: Hashable { var x: Int32, y: Int32, z: Int32 }
        var index: [Key: UInt32] = [:]
        var sums: [Vector3] = []
        var counts: [Double] = []
        var remap = [UInt32](repeating: 0, count: mesh.vertexCount)
        for v in 0..<mesh.vertexCount {
            let p = mesh.vertex(v)
            let key = Key(x: Int32(((p.x - origin.x) / cell).rounded(.down)), y: Int32(((p.y - origin.y) / cell).rounded(.down)),
                          z: Int32(((p.z - origin.z) / cell).rounded(.down)))
            if let i = index[key] {
                sums[Int(i)] += p
                counts[Int(i)] += 1
                remap[v] = i
            } else {
                let i = UInt32(sums.count)
                index[key] = i
                sums.append(p)
                counts.append(1)
                remap[v] = i
            }
        }
        var positions: [Float] = []
        positions.reserveCapacity(sums.count * 3)
        for (sum, n) in zip(sums, counts) {
            let p = sum / n
            positions += [Float(p.x), Float(p.y), Float(p.z)]
        }
        struct Face: Hashable { var a: UInt32, b: UInt32, c: UInt32 }
        var seen = Set<Face>()
        var indices: [UInt32] = []
        let limit = UInt32(mesh.vertexCount)
        for t in 0..<mesh.triangleCount {
            let (a0, b0, c0) = mesh.triangle(t)
            guard a0 < limit, b0 < limit, c0 < limit else { continue }
            let a = remap[Int(a0)], b = remap[Int(b0)], c = remap[Int(c0)]
            guard a != b, b != c, a != c else { continue }
            // The same face in any rotation of its corners is one face; orientation is kept.
            let m = min(a, b, c)
            let face = m == a ? Face(a: a, b: b, c: c) : m == b ? Face(a: b, b: c, c: a) : Face(a: c, b: a, c: b)
            guard seen.insert(face).inserted else { continue }
            indices += [a, b, c]
        }
        return TriangleMesh(positions: positions, indices: indices)
    }
}
