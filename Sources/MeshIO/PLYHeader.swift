/// A parsed PLY header: the encoding, the elements in file order, where the body starts, and which
/// properties carry the mesh (vertex x/y/z, the face's vertex index list). Every other element and
/// property is kept only so the reader can skip it.
struct PLYHeader {
    enum Format: Equatable { case ascii, binaryLittleEndian, binaryBigEndian }

    enum Scalar: Equatable {
        case int8, uint8, int16, uint16, int32, uint32, float32, float64

        init?(_ name: Substring) {
            switch name {
            case "char", "int8": self = .int8
            case "uchar", "uint8": self = .uint8
            case "short", "int16": self = .int16
            case "ushort", "uint16": self = .uint16
            case "int", "int32": self = .int32
            case "uint", "uint32": self = .uint32
            case "float", "float32": self = .float32
            case "double", "float64": self = .float64
            default: return nil
            }
        }

        var size: Int {
            switch self {
            case .int8, .uint8: 1
            case .int16, .uint16: 2
            case .int32, .uint32, .float32: 4
            case .float64: 8
            }
        }

        var isInteger: Bool { self != .float32 && self != .float64 }
    }

    enum Kind: Equatable {
        case scalar(Scalar)
        case list(count: Scalar, item: Scalar)
    }

    struct Property {
        var name: String
        var kind: Kind
    }

    struct Element {
        var name: String
        var count: Int
        var properties: [Property]
    }

    var format: Format
    var elements: [Element]
    /// Offset of the first body byte (just past the line break after `end_header`).
    var bodyOffset: Int
    /// Lines in the header, so ASCII errors can give file line numbers.
    var lineCount: Int
    /// Index of the "vertex" element and of its x, y, z properties.
    var vertexElement: Int?
    var xyz: (Int, Int, Int) = (0, 0, 0)
    /// Index of the "face" element and of its vertex index list property.
    var faceElement: Int?
    var faceList: Int = 0

    var vertexCount: Int { vertexElement.map { elements[$0].count } ?? 0 }

    /// Headers are small; a longer one is refused instead of scanned.
    static let maximumHeaderBytes = 1 << 20

    static func parse(_ raw: UnsafeRawBufferPointer, source: String) throws(MeshReadError) -> PLYHeader {
        func bad(_ why: String, _ line: Int) -> MeshReadError {
            MeshReadError(source: source, reason: .badHeader(why), line: line)
        }
        var format: Format?
        var elements: [Element] = []
        var position = 0
        var lineNumber = 0
        while true {
            lineNumber += 1
            guard position < raw.count else { throw bad("the data ends before 'end_header'", lineNumber) }
            guard position < maximumHeaderBytes else {
                throw bad("no 'end_header' in the first \(MeshReadError.bytes(maximumHeaderBytes))", lineNumber)
            }
            var end = position
            while end < raw.count, raw[end] != 0x0A { end += 1 }
            // Binary data can follow immediately, so exactly one line break ends `end_header`:
            // "\n" or "\r\n"; a body starting with a 0x0A byte stays intact.
            let next = Swift.min(end + 1, raw.count)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[position..<end]), as: UTF8.self)
            position = next
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if lineNumber == 1 {
                guard words.count == 1, words[0] == "ply" else {
                    throw bad("a PLY file starts with the line 'ply'", lineNumber)
                }
                continue
            }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "end_header":
                guard let format else { throw bad("no 'format' line before 'end_header'", lineNumber) }
                var header = PLYHeader(format: format, elements: elements, bodyOffset: next, lineCount: lineNumber)
                try header.resolveRoles(source: source, line: lineNumber)
                return header
            case "format":
                guard format == nil, elements.isEmpty else { throw bad("'format' must come once, before the elements", lineNumber) }
                guard words.count == 3, words[2] == "1.0" || words[2] == "1" else {
                    throw bad("the format line must be 'format <encoding> 1.0'", lineNumber)
                }
                switch words[1] {
                case "ascii": format = .ascii
                case "binary_little_endian": format = .binaryLittleEndian
                case "binary_big_endian": format = .binaryBigEndian
                default:
                    throw MeshReadError(source: source, reason: .unsupportedEncoding(
                        "PLY encoding '\(words[1])' (expected ascii, binary_little_endian or binary_big_endian)"), line: lineNumber)
                }
            case "element":
                guard words.count == 3, let count = Int(words[2]), count >= 0 else {
                    throw bad("an element line is 'element <name> <count>'", lineNumber)
                }
                let name = String(words[1])
                guard !elements.contains(where: { $0.name == name }) else {
                    throw bad("element '\(name)' is declared twice", lineNumber)
                }
                elements.append(Element(name: name, count: count, properties: []))
            case "property":
                guard !elements.isEmpty else { throw bad("a property before any element", lineNumber) }
                let kind: Kind
                let name: Substring
                if words.count == 5, words[1] == "list" {
                    guard let c = Scalar(words[2]), c.isInteger, let item = Scalar(words[3]) else {
                        throw bad("a list property is 'property list <integer type> <type> <name>'", lineNumber)
                    }
                    kind = .list(count: c, item: item)
                    name = words[4]
                } else if words.count == 3, let s = Scalar(words[1]) {
                    kind = .scalar(s)
                    name = words[2]
                } else {
                    throw bad("unknown property type or shape", lineNumber)
                }
                guard !elements[elements.count - 1].properties.contains(where: { $0.name == name }) else {
                    throw bad("property '\(name)' is declared twice", lineNumber)
                }
                elements[elements.count - 1].properties.append(Property(name: String(name), kind: kind))
            default:
                // comment, obj_info, and free text some exporters emit (e.g. "Created by Blender3D 247").
                continue
            }
        }
    }

    private mutating func resolveRoles(source: String, line: Int) throws(MeshReadError) {
        func bad(_ why: String) -> MeshReadError { MeshReadError(source: source, reason: .badHeader(why), line: line) }
        for e in elements where e.count > 0 && e.properties.isEmpty {
            // A record of zero bytes would let a huge count spin without consuming data.
            throw bad("element '\(e.name)' declares \(e.count) records but no properties")
        }
        if let strips = elements.first(where: { $0.name == "tristrips" }), strips.count > 0 {
            // Skipping them would silently drop the surface.
            throw MeshReadError(source: source, reason: .unsupportedFormat(
                "triangle strips (element 'tristrips') are not read; export faces instead"), line: line)
        }
        if let v = elements.firstIndex(where: { $0.name == "vertex" }) {
            func coordinate(_ n: String) throws(MeshReadError) -> Int {
                guard let i = elements[v].properties.firstIndex(where: { $0.name == n }),
                      case .scalar = elements[v].properties[i].kind
                else { throw bad("the vertex element has no scalar property '\(n)'") }
                return i
            }
            vertexElement = v
            xyz = (try coordinate("x"), try coordinate("y"), try coordinate("z"))
            guard elements[v].count <= Int(UInt32.max) else {
                throw MeshReadError(source: source, reason: .tooLarge(what: "vertex count \(elements[v].count)", limit: Int(UInt32.max)), line: line)
            }
        }
        if let f = elements.firstIndex(where: { $0.name == "face" }) {
            guard let p = elements[f].properties.firstIndex(where: { $0.name == "vertex_indices" || $0.name == "vertex_index" }),
                  case .list(_, let item) = elements[f].properties[p].kind
            else { throw bad("the face element has no list property 'vertex_indices'") }
            guard item.isInteger else { throw bad("face vertex indices must have an integer type") }
            guard vertexElement != nil || elements[f].count == 0 else { throw bad("faces but no vertex element") }
            faceElement = f
            faceList = p
        }
        guard vertexElement != nil else { throw bad("no 'vertex' element") }
    }

    /// The fewest bytes one record of element `e` can take: binary sizes, or in ASCII two bytes per
    /// token (a digit and a separator). Face lists count three indices, as a face needs them.
    func minimumRecordBytes(_ e: Int) -> Int {
        var total = 0
        for (i, p) in elements[e].properties.enumerated() {
            let isFaceList = e == faceElement && i == faceList
            switch (p.kind, format) {
            case (.scalar, .ascii): total += 2
            case (.scalar(let s), _): total += s.size
            case (.list, .ascii): total += isFaceList ? 8 : 2
            case (.list(let c, let item), _): total += c.size + (isFaceList ? 3 * item.size : 0)
            }
        }
        return total
    }

    /// Refuses counts the body cannot hold, before anything is reserved (all arithmetic checked).
    func checkCounts(against available: Int, source: String) throws(MeshReadError) {
        var needed = 0
        for (i, e) in elements.enumerated() {
            let minimum = minimumRecordBytes(i)
            // ASCII: the last token of the file needs no separator.
            let slack = format == .ascii ? 1 : 0
            guard let total = Int.checked(e.count, times: minimum, plus: needed), total <= available + slack else {
                throw MeshReadError(source: source, reason: .countExceedsData(
                    element: e.name, declared: e.count,
                    minimumBytes: Int.checked(e.count, times: minimum, plus: needed) ?? .max, available: available),
                    byteOffset: bodyOffset)
            }
            needed = total
        }
    }
}
