import Foundation
import PlanModel

/// STL, binary and ASCII. Reading welds the triangle soup into an indexed mesh.
public enum STLCodec {
    /// Largest triangle count read: three corners per triangle must fit a UInt32 index.
    static let maximumTriangles = Int(UInt32.max / 3)

    /// Reads binary or ASCII STL (detected with `detectEncoding`).
    public static func decode(_ data: Data, source: String) throws(MeshReadError) -> TriangleMesh {
        guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
        let encoding = detectEncoding(data)
        return try data.withMeshBytes { raw throws(MeshReadError) in
            encoding == .binary ? try decodeBinary(raw, source: source) : try STLText.decode(raw, source: source)
        }
    }

    /// Writes the mesh as STL; triangles with out-of-range indices are left out.
    public static func encode(_ mesh: TriangleMesh, encoding: MeshEncoding = .binary, name: String = "aligngate") -> Data {
        encoding == .binary ? encodeBinary(mesh, name: name) : STLText.encode(mesh, name: name)
    }

    /// Binary or ASCII. Many binary files start their header with "solid", so the size rule
    /// (84 + 50 × count == file size) decides first; otherwise ASCII needs "solid" followed on the
    /// next line by "facet" or "endsolid".
    public static func detectEncoding(_ data: Data) -> MeshEncoding {
        data.withUnsafeBytes { raw in detectEncoding(raw) }
    }

    static func detectEncoding(_ raw: UnsafeRawBufferPointer) -> MeshEncoding {
        if raw.count >= 84, let size = Int.checked(Int(raw.u32LE(80)), times: 50, plus: 84), size == raw.count {
            return .binary
        }
        var s = TextScanner(raw, start: STLText.bomLength(raw))
        guard let first = s.nextToken(), s.token(first, is: "solid") else { return .binary }
        // Shorter than any binary file: ASCII, so errors point at the offending line.
        guard raw.count >= 84 else { return .ascii }
        s.skipLine()
        guard let next = s.nextToken() else { return .binary }
        return s.token(next, is: "facet") || s.token(next, is: "endsolid") ? .ascii : .binary
    }

    static func decodeBinary(_ raw: UnsafeRawBufferPointer, source: String) throws(MeshReadError) -> TriangleMesh {
        let count = try binaryTriangleCount(raw, source: source)
        var welder = MeshWelder(expectedTriangles: count)
        var offset = 84 + 12  // skip the stored normal: it is recomputed when needed
        for _ in 0..<count {
            for corner in 0..<3 {
                let o = offset + corner * 12
                welder.addCorner(raw.f32LE(o), raw.f32LE(o + 4), raw.f32LE(o + 8))
            }
            offset += 50
        }
        return welder.mesh
    }

    static func encodeBinary(_ mesh: TriangleMesh, name: String) -> Data {
        let count = validTriangleCount(mesh)
        var data = Data(count: 84 + 50 * count)
        data.withUnsafeMutableBytes { out in
            // A header starting with "solid" makes other readers guess ASCII, so it never does.
            let header = Array("binary STL \(name)".utf8.prefix(80))
            for i in 0..<80 { out[i] = i < header.count ? header[i] : 0x20 }
            out.putU32LE(UInt32(count), 80)
            var o = 84
            mesh.positions.withUnsafeBufferPointer { p in
                forEachValidTriangle(mesh) { a, b, c in
                    let n = facetNormal(p, a, b, c)
                    out.putF32LE(n.0, o); out.putF32LE(n.1, o + 4); out.putF32LE(n.2, o + 8)
                    putCorner(out, p, a, o + 12)
                    putCorner(out, p, b, o + 24)
                    putCorner(out, p, c, o + 36)
                    out.putU16LE(0, o + 48)
                    o += 50
                }
            }
        }
        return data
    }

    @inline(__always)
    private static func putCorner(_ out: UnsafeMutableRawBufferPointer, _ p: UnsafeBufferPointer<Float>, _ v: Int, _ at: Int) {
        out.putF32LE(p[v], at); out.putF32LE(p[v + 1], at + 4); out.putF32LE(p[v + 2], at + 8)
    }

    /// Triangles whose three corners exist (a writer must not read past the positions).
    static func validTriangleCount(_ mesh: TriangleMesh) -> Int {
        var count = 0
        forEachValidTriangle(mesh) { _, _, _ in count += 1 }
        return count
    }

    /// Calls `body` with the position offsets (3 × index) of each triangle whose corners all exist.
    @inline(__always)
    static func forEachValidTriangle(_ mesh: TriangleMesh, _ body: (Int, Int, Int) -> Void) {
        let n = UInt32(clamping: mesh.vertexCount)
        mesh.indices.withUnsafeBufferPointer { ix in
            var i = 0
            while i + 2 < ix.count {
                let a = ix[i], b = ix[i + 1], c = ix[i + 2]
                if a < n, b < n, c < n { body(Int(a) * 3, Int(b) * 3, Int(c) * 3) }
                i += 3
            }
        }
    }

    /// Unit normal of the triangle at position offsets a, b, c (right-hand rule); zero when degenerate.
    static func facetNormal(_ p: UnsafeBufferPointer<Float>, _ a: Int, _ b: Int, _ c: Int) -> (Float, Float, Float) {
        let ux = Double(p[b]) - Double(p[a]), uy = Double(p[b + 1]) - Double(p[a + 1]), uz = Double(p[b + 2]) - Double(p[a + 2])
        let vx = Double(p[c]) - Double(p[a]), vy = Double(p[c + 1]) - Double(p[a + 1]), vz = Double(p[c + 2]) - Double(p[a + 2])
        let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx
        let length = (nx * nx + ny * ny + nz * nz).squareRoot()
        guard length > 0, length.isFinite else { return (0, 0, 0) }
        return (Float(nx / length), Float(ny / length), Float(nz / length))
    }
}
