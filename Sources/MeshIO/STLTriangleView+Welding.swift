import PlanModel

extension STLTriangleView {
    /// This STL welded as a model of the same leading triangles was: `corners` is that model's welded
    /// index per corner (`STLCodec.decode`'s indices, vertices in first-use order), so a planner's later
    /// stage of the same mesh needs no hashing for them — each corner either introduces its vertex or must
    /// repeat it bit for bit (±0 alike, as the welder merges them). Triangles past those (solids added at
    /// this stage, such as attachments) are welded as `STLCodec.decode` welds, against the leading vertices
    /// too. nil when there are fewer triangles or a corner breaks the welding; then decode the file.
    ///
    /// Leading vertices that only coincide in this file stay apart (the hashing weld would merge them):
    /// the mesh keeps the other model's topology, which is what "the same mesh moved" means.
    public func weld(following corners: [UInt32], vertexCount: Int) -> TriangleMesh? {
        guard !corners.isEmpty, corners.count % 3 == 0, corners.count <= 3 * count, vertexCount > 0 else { return nil }
        var positions = [Float](repeating: 0, count: 3 * vertexCount)
        var introduced = 0
        let ok = positions.withUnsafeMutableBufferPointer { out in
            corners.withUnsafeBufferPointer { map in
                for i in 0..<map.count {
                    let v = Int(map[i])
                    let (x, y, z) = corner(i / 3, i % 3)
                    let bx = x == 0 ? 0 : x.bitPattern, by = y == 0 ? 0 : y.bitPattern, bz = z == 0 ? 0 : z.bitPattern
                    if v == introduced {
                        guard v < vertexCount else { return false }
                        out[3 * v] = Float(bitPattern: bx)
                        out[3 * v + 1] = Float(bitPattern: by)
                        out[3 * v + 2] = Float(bitPattern: bz)
                        introduced += 1
                    } else if v > introduced
                        || out[3 * v].bitPattern != bx || out[3 * v + 1].bitPattern != by || out[3 * v + 2].bitPattern != bz {
                        return false
                    }
                }
                return true
            }
        }
        guard ok, introduced == vertexCount else { return nil }
        let leading = corners.count / 3
        guard leading < count else { return TriangleMesh(positions: positions, indices: corners) }
        // The added triangles welded on their own: when none of their vertices is a leading one (each leading
        // vertex looked up in their small table), they follow the leading vertices as the full weld numbers them.
        var added = MeshWelder(expectedTriangles: count - leading)
        for t in leading..<count {
            for k in 0..<3 {
                let (x, y, z) = corner(t, k)
                added.addCorner(x, y, z)
            }
        }
        let shared = positions.withUnsafeBufferPointer { p in
            (0..<vertexCount).contains { v in added.contains(p[3 * v], p[3 * v + 1], p[3 * v + 2]) }
        }
        guard shared else {
            let base = UInt32(vertexCount)
            return TriangleMesh(positions: positions + added.positions, indices: corners + added.indices.map { $0 + base })
        }
        guard var welder = MeshWelder(positions: positions, indices: corners, expectedTriangles: count) else { return nil }
        for t in leading..<count {
            for k in 0..<3 {
                let (x, y, z) = corner(t, k)
                welder.addCorner(x, y, z)
            }
        }
        return welder.mesh
    }
}
