import PlanModel

/// Reads the body of a binary PLY (little- or big-endian). Offsets are checked before every load;
/// declared counts were already checked against the bytes by `PLYHeader.checkCounts`.
struct PLYBinaryReader {
    let raw: UnsafeRawBufferPointer
    let header: PLYHeader
    let source: String
    let bigEndian: Bool

    init(_ raw: UnsafeRawBufferPointer, header: PLYHeader, source: String) {
        self.raw = raw
        self.header = header
        self.source = source
        self.bigEndian = header.format == .binaryBigEndian
    }

    func read() throws(MeshReadError) -> TriangleMesh {
        var positions = [Float](repeating: 0, count: header.vertexCount * 3)
        var indices: [UInt32] = []
        if let f = header.faceElement { indices.reserveCapacity(header.elements[f].count * 3) }
        var offset = header.bodyOffset
        for (e, element) in header.elements.enumerated() {
            if e == header.vertexElement {
                try readVertices(element, &offset, &positions)
            } else if e == header.faceElement {
                try readFaces(element, &offset, &indices)
            } else {
                try skip(element, &offset)
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }

    private func need(_ bytes: Int, at offset: Int) throws(MeshReadError) {
        guard let end = Int.checked(bytes, times: 1, plus: offset), end <= raw.count else {
            throw MeshReadError(source: source, reason: .truncated(
                expected: Int.checked(bytes, times: 1, plus: offset) ?? .max, actual: raw.count), byteOffset: offset)
        }
    }

    private func readVertices(_ element: PLYHeader.Element, _ offset: inout Int, _ positions: inout [Float]) throws(MeshReadError) {
        let (px, py, pz) = header.xyz
        // Fixed-size records (the usual case) are read at computed offsets without walking properties.
        var stride = 0
        var at = [Int](repeating: 0, count: element.properties.count)
        var fixed = true
        for (i, p) in element.properties.enumerated() {
            guard case .scalar(let s) = p.kind else { fixed = false; break }
            at[i] = stride
            stride += s.size
        }
        if fixed, case .scalar(let sx) = element.properties[px].kind, case .scalar(let sy) = element.properties[py].kind,
           case .scalar(let sz) = element.properties[pz].kind {
            guard let total = Int.checked(element.count, times: stride) else {
                throw MeshReadError(source: source, reason: .tooLarge(what: "vertex data size", limit: Int.max))
            }
            try need(total, at: offset)
            let (ox, oy, oz) = (at[px], at[py], at[pz])
            positions.withUnsafeMutableBufferPointer { out in
                var o = offset
                for v in 0..<element.count {
                    out[3 * v] = float(sx, o + ox)
                    out[3 * v + 1] = float(sy, o + oy)
                    out[3 * v + 2] = float(sz, o + oz)
                    o += stride
                }
            }
            offset += total
            return
        }
        for v in 0..<element.count {
            for (i, p) in element.properties.enumerated() {
                switch p.kind {
                case .scalar(let s):
                    try need(s.size, at: offset)
                    if i == px { positions[3 * v] = float(s, offset) }
                    if i == py { positions[3 * v + 1] = float(s, offset) }
                    if i == pz { positions[3 * v + 2] = float(s, offset) }
                    offset += s.size
                case .list(let c, let item):
                    try skipList(c, item, &offset)
                }
            }
        }
    }

    private func readFaces(_ element: PLYHeader.Element, _ offset: inout Int, _ indices: inout [UInt32]) throws(MeshReadError) {
        let vertexCount = header.vertexCount
        for _ in 0..<element.count {
            for (i, p) in element.properties.enumerated() {
                switch p.kind {
                case .scalar(let s):
                    try need(s.size, at: offset)
                    offset += s.size
                case .list(let c, let item) where i == header.faceList:
                    let start = offset
                    try need(c.size, at: offset)
                    let n = integer(c, offset)
                    offset += c.size
                    guard n >= 3 else {
                        throw MeshReadError(source: source, reason: .malformedRecord(
                            "a face needs at least 3 vertices, this one declares \(n)"), byteOffset: start)
                    }
                    guard let bytes = Int.checked(n, times: item.size) else {
                        throw MeshReadError(source: source, reason: .tooLarge(what: "face size", limit: Int.max), byteOffset: start)
                    }
                    try need(bytes, at: offset)
                    var first: UInt32 = 0, previous: UInt32 = 0
                    for k in 0..<n {
                        let index = integer(item, offset)
                        guard index >= 0, index < vertexCount else {
                            throw MeshReadError(source: source, reason: .indexOutOfRange(index: index, vertexCount: vertexCount),
                                                byteOffset: offset)
                        }
                        offset += item.size
                        let u = UInt32(index)
                        if k == 0 {
                            first = u
                        } else if k >= 2 {
                            indices.append(first); indices.append(previous); indices.append(u)
                        }
                        previous = u
                    }
                case .list(let c, let item):
                    try skipList(c, item, &offset)
                }
            }
        }
    }

    private func skip(_ element: PLYHeader.Element, _ offset: inout Int) throws(MeshReadError) {
        for _ in 0..<element.count {
            for p in element.properties {
                switch p.kind {
                case .scalar(let s):
                    try need(s.size, at: offset)
                    offset += s.size
                case .list(let c, let item):
                    try skipList(c, item, &offset)
                }
            }
        }
    }

    private func skipList(_ c: PLYHeader.Scalar, _ item: PLYHeader.Scalar, _ offset: inout Int) throws(MeshReadError) {
        try need(c.size, at: offset)
        let n = integer(c, offset)
        guard n >= 0 else {
            throw MeshReadError(source: source, reason: .malformedRecord("negative list length \(n)"), byteOffset: offset)
        }
        offset += c.size
        guard let bytes = Int.checked(n, times: item.size) else {
            throw MeshReadError(source: source, reason: .tooLarge(what: "list size", limit: Int.max), byteOffset: offset)
        }
        try need(bytes, at: offset)
        offset += bytes
    }

    // MARK: scalar loads (bounds already checked)

    @inline(__always) private func bits16(_ o: Int) -> UInt16 {
        let v = raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }
    @inline(__always) private func bits32(_ o: Int) -> UInt32 {
        let v = raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }
    @inline(__always) private func bits64(_ o: Int) -> UInt64 {
        let v = raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)
        return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
    }

    /// A coordinate; float32 goes straight through so binary round trips keep every bit.
    @inline(__always) private func float(_ s: PLYHeader.Scalar, _ o: Int) -> Float {
        switch s {
        case .float32: Float(bitPattern: bits32(o))
        case .float64: Float(Double(bitPattern: bits64(o)))
        default: Float(integer(s, o))
        }
    }

    /// An integer value (counts and indices; the header guarantees an integer type).
    @inline(__always) private func integer(_ s: PLYHeader.Scalar, _ o: Int) -> Int {
        switch s {
        case .int8: Int(Int8(bitPattern: raw[o]))
        case .uint8: Int(raw[o])
        case .int16: Int(Int16(bitPattern: bits16(o)))
        case .uint16: Int(bits16(o))
        case .int32: Int(Int32(bitPattern: bits32(o)))
        case .uint32: Int(bits32(o))
        // Float counts/indices are refused by the header for face lists; treat them as invalid (-1).
        case .float32: Int(exactly: Float(bitPattern: bits32(o))) ?? -1
        case .float64: Int(exactly: Double(bitPattern: bits64(o))) ?? -1
        }
    }
}
