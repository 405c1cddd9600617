import Foundation
import PlanModel

/// Wavefront OBJ geometry: `v x y z` (extra values such as colours ignored) and `f` with 1-based or
/// negative (relative) indices in the `i`, `i/t`, `i//n`, `i/t/n` forms, referring to vertices already
/// defined; polygons fan-triangulated.
/// Texture coordinates, normals, materials, groups, lines and points are ignored; named objects (`o`) are
/// kept by `decodeObjects` (OBJObjects.swift). UTF-8 (with or without BOM) and UTF-16 with a BOM are read.
public enum OBJCodec {
    /// Reads an OBJ mesh.
    public static func decode(_ data: Data, source: String) throws(MeshReadError) -> TriangleMesh {
        guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
        let text = try utf8(data, source: source)
        return try text.withMeshBytes { raw throws(MeshReadError) in try parse(raw, source: source).mesh }
    }

    /// Writes the mesh as OBJ text (OBJ has no binary form: `encoding` is accepted for symmetry and ignored).
    public static func encode(_ mesh: TriangleMesh, encoding: MeshEncoding = .ascii, name: String = "aligngate") -> Data {
        let object = String(name.map { $0.isWhitespace || $0.isNewline ? "_" : $0 })
        var out = "# written by aligngate\no \(object.isEmpty ? "aligngate" : object)\n"
        out.reserveCapacity(mesh.vertexCount * 36 + mesh.triangleCount * 24 + 64)
        let p = mesh.positions
        for v in 0..<mesh.vertexCount {
            // Shortest round-trip text, so write → read is bit-exact.
            out += "v \(p[3 * v]) \(p[3 * v + 1]) \(p[3 * v + 2])\n"
        }
        let ix = mesh.indices
        for t in 0..<mesh.triangleCount {
            out += "f \(UInt64(ix[3 * t]) + 1) \(UInt64(ix[3 * t + 1]) + 1) \(UInt64(ix[3 * t + 2]) + 1)\n"
        }
        return Data(out.utf8)
    }

    /// The text as UTF-8 bytes: UTF-16 with a byte-order mark is converted; other NUL-bearing data is refused.
    static func utf8(_ data: Data, source: String) throws(MeshReadError) -> Data {
        let bom = data.prefix(2)
        if bom.elementsEqual([0xFE, 0xFF]) || bom.elementsEqual([0xFF, 0xFE]) {
            guard let s = String(data: data, encoding: .utf16), !s.utf8.contains(0) else {
                throw MeshReadError(source: source, reason: .unsupportedEncoding("UTF-16 byte-order mark but the text does not decode"))
            }
            return Data(s.utf8)
        }
        if let nul = data.withUnsafeBytes({ $0.firstIndex(of: 0) }) {
            throw MeshReadError(source: source, reason: .unsupportedEncoding(
                "binary data (a NUL byte) in a text format; UTF-16 needs a byte-order mark"), byteOffset: nul)
        }
        return data
    }

    /// Where an `o` line starts an object: its name's bytes (the rest of the line), its first triangle, its line.
    struct ObjectStart {
        var name: [UInt8]
        var firstTriangle: Int
        var line: Int
    }

    /// The whole file's mesh, and where each `o` line starts an object.
    static func parse(_ raw: UnsafeRawBufferPointer, source: String) throws(MeshReadError) -> (mesh: TriangleMesh, objects: [ObjectStart]) {
        var s = TextScanner(raw, start: STLText.bomLength(raw))
        var positions: [Float] = []
        var indices: [UInt32] = []
        var objects: [ObjectStart] = []

        func fail(_ problem: String, _ token: Range<Int>?) -> MeshReadError {
            MeshReadError(source: source, reason: .malformedLine(line: s.line, text: s.lineText(at: token?.lowerBound),
                                                                 problem: problem), line: s.line)
        }

        while !s.isAtEnd {
            defer { s.skipLine() }
            guard let keyword = s.nextTokenOnLine() else { continue }
            if s.token(keyword, is: "v") {
                for _ in 0..<3 {
                    guard let t = s.nextTokenOnLine() else { throw fail("a vertex needs x, y and z", keyword) }
                    guard let value = s.float(t) else { throw fail("'\(s.text(t))' is not a number", t) }
                    positions.append(value)
                }
                guard positions.count / 3 <= Int(UInt32.max) else {
                    throw MeshReadError(source: source, reason: .tooLarge(what: "vertex count", limit: Int(UInt32.max)), line: s.line)
                }
            } else if s.token(keyword, is: "f") {
                let vertexCount = positions.count / 3
                var corners = 0
                var first: UInt32 = 0, previous: UInt32 = 0
                while let t = s.nextTokenOnLine(), raw[t.lowerBound] != 0x23 /* # comment */ {
                    var end = t.lowerBound
                    while end < t.upperBound, raw[end] != 0x2F /* / */ { end += 1 }
                    guard let i = s.int(t.lowerBound..<end) else { throw fail("'\(s.text(t))' is not a vertex reference", t) }
                    // 1-based from the first vertex, or negative: relative to the latest vertex.
                    let index = i > 0 ? i - 1 : vertexCount + i
                    guard i != 0, index >= 0, index < vertexCount else {
                        throw MeshReadError(source: source, reason: .indexOutOfRange(index: i, vertexCount: vertexCount), line: s.line)
                    }
                    let u = UInt32(index)
                    corners += 1
                    if corners == 1 {
                        first = u
                    } else if corners >= 3 {
                        indices.append(first); indices.append(previous); indices.append(u)
                    }
                    previous = u
                }
                guard corners >= 3 else { throw fail("a face needs at least 3 vertices, this one has \(corners)", keyword) }
            } else if s.token(keyword, is: "o") {
                var name: [UInt8] = []
                if let first = s.nextTokenOnLine() {
                    var end = first.upperBound
                    while end < raw.count, raw[end] != 0x0A { end += 1 }
                    while end > first.lowerBound, TextScanner.isBlank(raw[end - 1]) { end -= 1 }
                    name = Array(raw[first.lowerBound..<end])
                }
                objects.append(ObjectStart(name: name, firstTriangle: indices.count / 3, line: s.line))
            }
            // Everything else (vt, vn, g, s, usemtl, mtllib, l, p, comments, …) carries no geometry we keep.
        }
        return (TriangleMesh(positions: positions, indices: indices), objects)
    }
}
