import Foundation
import PlanModel

/// ASCII STL: `solid name` / `facet normal … outer loop vertex ×3 endloop endfacet` / `endsolid`.
/// Keywords are case-insensitive; several solids in one file are merged; loops with more than three
/// vertices are fan-triangulated; the stored normals are ignored.
enum STLText {
    static func bomLength(_ raw: UnsafeRawBufferPointer) -> Int {
        raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0
    }

    static func decode(_ raw: UnsafeRawBufferPointer, source: String) throws(MeshReadError) -> TriangleMesh {
        var s = TextScanner(raw, start: bomLength(raw))
        // An ASCII facet takes well over 100 bytes, so this bounds the reservation by the data.
        var welder = MeshWelder(expectedTriangles: raw.count / 128)
        var inSolid = false
        var sawSolid = false

        func fail(_ problem: String, at token: Range<Int>? = nil) -> MeshReadError {
            let line = s.line
            return MeshReadError(source: source, reason: .malformedLine(
                line: line, text: s.lineText(at: token?.lowerBound), problem: problem), line: line)
        }
        func expect(_ word: StaticString) throws(MeshReadError) {
            guard let t = s.nextToken() else { throw fail("the file ends where '\(word)' was expected") }
            guard s.token(t, is: word) else { throw fail("expected '\(word)'", at: t) }
        }
        func coordinate() throws(MeshReadError) -> Float {
            guard let t = s.nextToken() else { throw fail("the file ends inside a vertex") }
            guard let v = s.float(t) else { throw fail("'\(s.text(t))' is not a number", at: t) }
            return v
        }

        while let t = s.nextToken() {
            if s.token(t, is: "solid") {
                guard !inSolid else { throw fail("'solid' inside a solid", at: t) }
                inSolid = true
                sawSolid = true
                s.skipLine()  // the rest is the solid's name, in any encoding
            } else if !inSolid {
                throw sawSolid ? fail("expected 'solid' or the end of the file", at: t)
                    : MeshReadError(source: source, reason: .badHeader("ASCII STL must start with 'solid'"), line: s.line)
            } else if s.token(t, is: "endsolid") {
                inSolid = false
                s.skipLine()
            } else if s.token(t, is: "facet") {
                guard let n = s.nextToken() else { throw fail("the file ends inside a facet") }
                if s.token(n, is: "normal") {
                    for _ in 0..<3 where s.nextToken() == nil { throw fail("the file ends inside a facet normal") }
                    try expect("outer")
                } else if !s.token(n, is: "outer") {
                    throw fail("expected 'normal' or 'outer'", at: n)
                }
                try expect("loop")
                var first = (Float(0), Float(0), Float(0)), previous = first
                var corners = 0
                while true {
                    guard let k = s.nextToken() else { throw fail("the file ends inside a facet") }
                    if s.token(k, is: "endloop") { break }
                    guard s.token(k, is: "vertex") else { throw fail("expected 'vertex' or 'endloop'", at: k) }
                    let v = (try coordinate(), try coordinate(), try coordinate())
                    corners += 1
                    if corners == 1 {
                        first = v
                    } else if corners >= 3 {
                        welder.addCorner(first.0, first.1, first.2)
                        welder.addCorner(previous.0, previous.1, previous.2)
                        welder.addCorner(v.0, v.1, v.2)
                    }
                    previous = v
                }
                guard corners >= 3 else { throw fail("a facet needs at least 3 vertices, this one has \(corners)") }
                try expect("endfacet")
                guard welder.indices.count / 3 <= STLCodec.maximumTriangles else {
                    throw MeshReadError(source: source, reason: .tooLarge(
                        what: "triangle count", limit: STLCodec.maximumTriangles), line: s.line)
                }
            } else {
                throw fail("expected 'facet' or 'endsolid'", at: t)
            }
        }
        guard sawSolid else { throw MeshReadError(source: source, reason: .empty) }
        guard !inSolid else { throw fail("the file ends inside a solid (no 'endsolid'): truncated?") }
        return welder.mesh
    }

    static func encode(_ mesh: TriangleMesh, name: String) -> Data {
        let clean = String(name.map { $0.isWhitespace || $0.isNewline ? "_" : $0 })
        let solid = clean.isEmpty ? "aligngate" : clean
        var out = "solid \(solid)\n"
        out.reserveCapacity(STLCodec.validTriangleCount(mesh) * 260 + 64)
        mesh.positions.withUnsafeBufferPointer { p in
            STLCodec.forEachValidTriangle(mesh) { a, b, c in
                let n = STLCodec.facetNormal(p, a, b, c)
                out += "facet normal \(n.0) \(n.1) \(n.2)\n outer loop\n"
                func corner(_ v: Int) { out += "  vertex \(p[v]) \(p[v + 1]) \(p[v + 2])\n" }
                corner(a); corner(b); corner(c)
                out += " endloop\nendfacet\n"
            }
        }
        out += "endsolid \(solid)\n"
        return Data(out.utf8)
    }
}
