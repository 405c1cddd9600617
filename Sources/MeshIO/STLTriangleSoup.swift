import Foundation
import PlanModel

/// STL as a triangle soup: for formats that address parts of one STL by triangle range (a baked model
/// whose manifest says which triangles are which tooth), welding the whole file would lose the ranges.
extension STLCodec {
    /// The triangles of a binary or ASCII STL in file order, 9 floats each (x, y, z of three corners);
    /// stored normals are dropped. Same rules and errors as `decode`.
    public static func decodeTriangles(_ data: Data, source: String) throws(MeshReadError) -> [Float] {
        guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
        guard detectEncoding(data) == .binary else {
            // ASCII is rare for baked models; its reader welds, so unweld in triangle order.
            let mesh = try data.withMeshBytes { raw throws(MeshReadError) in try STLText.decode(raw, source: source) }
            var soup: [Float] = []
            soup.reserveCapacity(mesh.indices.count * 3)
            for i in mesh.indices {
                let v = Int(i) * 3
                soup.append(contentsOf: mesh.positions[v..<v + 3])
            }
            return soup
        }
        return try data.withMeshBytes { raw throws(MeshReadError) in
            let count = try binaryTriangleCount(raw, source: source)
            var soup = [Float](repeating: 0, count: count * 9)
            soup.withUnsafeMutableBufferPointer { out in
                var offset = 84 + 12  // past the stored normal
                var o = 0
                for _ in 0..<count {
                    for k in 0..<9 { out[o + k] = raw.f32LE(offset + 4 * k) }
                    o += 9
                    offset += 50
                }
            }
            return soup
        }
    }

    /// Welds part of a triangle soup (9 floats per triangle) into an indexed mesh, merging corners whose
    /// positions are bit-identical (±0 merged); triangle and corner order are kept, a trailing partial
    /// triangle is ignored.
    public static func weldTriangles(_ soup: ArraySlice<Float>) -> TriangleMesh {
        let triangles = soup.count / 9
        var welder = MeshWelder(expectedTriangles: triangles)
        var i = soup.startIndex
        for _ in 0..<triangles * 3 {
            welder.addCorner(soup[i], soup[i + 1], soup[i + 2])
            i += 3
        }
        return welder.mesh
    }
}
