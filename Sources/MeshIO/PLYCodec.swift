import Foundation
import PlanModel

/// PLY: ASCII, binary little-endian and binary big-endian. Reads the "vertex" element's x, y, z and
/// the "face" element's vertex index list (polygons fan-triangulated); skips everything else.
/// Writes vertex float x, y, z and face list uchar uint vertex_indices; binary write → read is bit-exact.
public enum PLYCodec {
    /// Reads a PLY mesh (a point cloud gives a mesh without triangles).
    public static func decode(_ data: Data, source: String) throws(MeshReadError) -> TriangleMesh {
        guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
        return try data.withMeshBytes { raw throws(MeshReadError) in
            let header = try PLYHeader.parse(raw, source: source)
            try header.checkCounts(against: raw.count - header.bodyOffset, source: source)
            switch header.format {
            case .ascii: return try PLYTextReader(raw, header: header, source: source).read()
            case .binaryLittleEndian, .binaryBigEndian: return try PLYBinaryReader(raw, header: header, source: source).read()
            }
        }
    }

    /// Writes the mesh as PLY (binary little-endian by default).
    public static func encode(_ mesh: TriangleMesh, encoding: MeshEncoding = .binary, name: String = "aligngate") -> Data {
        let vertexCount = mesh.vertexCount, triangleCount = mesh.triangleCount
        let comment = name.filter { !$0.isNewline }
        let header = """
            ply
            format \(encoding == .binary ? "binary_little_endian" : "ascii") 1.0
            comment \(comment.isEmpty ? "aligngate" : comment)
            element vertex \(vertexCount)
            property float x
            property float y
            property float z
            element face \(triangleCount)
            property list uchar uint vertex_indices
            end_header

            """
        guard encoding == .binary else { return Data((header + asciiBody(mesh)).utf8) }

        let headerBytes = Array(header.utf8)
        let vertexBytes = vertexCount * 12
        var data = Data(count: headerBytes.count + vertexBytes + triangleCount * 13)
        data.withUnsafeMutableBytes { out in
            out.copyBytes(from: headerBytes)
            var o = headerBytes.count
            mesh.positions.withUnsafeBufferPointer { p in
                for i in 0..<(vertexCount * 3) {
                    out.putF32LE(p[i], o)
                    o += 4
                }
            }
            mesh.indices.withUnsafeBufferPointer { ix in
                for t in 0..<triangleCount {
                    out[o] = 3
                    out.putU32LE(ix[3 * t], o + 1)
                    out.putU32LE(ix[3 * t + 1], o + 5)
                    out.putU32LE(ix[3 * t + 2], o + 9)
                    o += 13
                }
            }
        }
        return data
    }

    /// Floats print as Swift's shortest round-trip text, so ASCII write → read is exact too.
    private static func asciiBody(_ mesh: TriangleMesh) -> String {
        var out = ""
        out.reserveCapacity(mesh.vertexCount * 36 + mesh.triangleCount * 24)
        let p = mesh.positions
        for v in 0..<mesh.vertexCount {
            out += "\(p[3 * v]) \(p[3 * v + 1]) \(p[3 * v + 2])\n"
        }
        let ix = mesh.indices
        for t in 0..<mesh.triangleCount {
            out += "3 \(ix[3 * t]) \(ix[3 * t + 1]) \(ix[3 * t + 2])\n"
        }
        return out
    }
}
