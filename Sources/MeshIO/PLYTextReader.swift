import PlanModel

/// Reads the body of an ASCII PLY as a token stream (records usually sit one per line, but only the
/// token order matters). Properties other than x, y, z and the face index list are skipped unparsed.
struct PLYTextReader {
    let raw: UnsafeRawBufferPointer
    let header: PLYHeader
    let source: String

    init(_ raw: UnsafeRawBufferPointer, header: PLYHeader, source: String) {
        self.raw = raw
        self.header = header
        self.source = source
    }

    func read() throws(MeshReadError) -> TriangleMesh {
        var s = TextScanner(raw, start: header.bodyOffset, line: header.lineCount + 1)
        var positions = [Float](repeating: 0, count: header.vertexCount * 3)
        var indices: [UInt32] = []
        if let f = header.faceElement { indices.reserveCapacity(header.elements[f].count * 3) }
        let vertexCount = header.vertexCount
        let (px, py, pz) = header.xyz

        func fail(_ problem: String, _ token: Range<Int>?) -> MeshReadError {
            MeshReadError(source: source, reason: .malformedLine(line: s.line, text: s.lineText(at: token?.lowerBound),
                                                                 problem: problem), line: s.line)
        }
        var place = ("", 0, 0)  // element, record, count: for the truncation message
        func token() throws(MeshReadError) -> Range<Int> {
            guard let t = s.nextToken() else {
                throw MeshReadError(source: source, reason: .malformedLine(
                    line: s.line, text: "", problem: "truncated: the data ends inside \(place.0) record \(place.1 + 1) of \(place.2)"),
                    line: s.line)
            }
            return t
        }
        func count() throws(MeshReadError) -> Int {
            let t = try token()
            guard let n = s.int(t), n >= 0 else { throw fail("'\(s.text(t))' is not a list length", t) }
            // Each item needs at least two bytes, so a longer list cannot be in the data.
            guard n <= s.remaining / 2 + 1 else { throw fail("a list of \(n) items cannot fit in the rest of the file", t) }
            return n
        }

        for (e, element) in header.elements.enumerated() {
            let isVertex = e == header.vertexElement, isFace = e == header.faceElement
            for r in 0..<element.count {
                place = (element.name, r, element.count)
                for (i, p) in element.properties.enumerated() {
                    switch p.kind {
                    case .scalar:
                        let t = try token()
                        guard isVertex, i == px || i == py || i == pz else { continue }
                        guard let v = s.float(t) else { throw fail("'\(s.text(t))' is not a number", t) }
                        positions[3 * r + (i == px ? 0 : i == py ? 1 : 2)] = v
                    case .list where isFace && i == header.faceList:
                        let n = try count()
                        guard n >= 3 else { throw fail("a face needs at least 3 vertices, this one has \(n)", nil) }
                        var first: UInt32 = 0, previous: UInt32 = 0
                        for k in 0..<n {
                            let t = try token()
                            guard let index = s.int(t) else { throw fail("'\(s.text(t))' is not a vertex index", t) }
                            guard index >= 0, index < vertexCount else {
                                throw MeshReadError(source: source, reason: .indexOutOfRange(index: index, vertexCount: vertexCount),
                                                    line: s.line)
                            }
                            let u = UInt32(index)
                            if k == 0 {
                                first = u
                            } else if k >= 2 {
                                indices.append(first); indices.append(previous); indices.append(u)
                            }
                            previous = u
                        }
                    case .list:
                        let n = try count()
                        for _ in 0..<n { _ = try token() }
                    }
                }
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }
}
