/// Why a mesh file could not be read: names the file, the rule it broke and where.
public struct MeshReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rule the input broke.
    public enum Reason: Equatable, Sendable {
        /// The file has no bytes.
        case empty
        /// The data ends before the content it declares (bytes).
        case truncated(expected: Int, actual: Int)
        /// A header declares more records than the remaining bytes could possibly hold.
        case countExceedsData(element: String, declared: Int, minimumBytes: Int, available: Int)
        /// The PLY header (or the STL/OBJ preamble) is not well formed.
        case badHeader(String)
        /// Not a format MeshIO reads (or a PLY feature it does not support).
        case unsupportedFormat(String)
        /// A text encoding MeshIO does not read (e.g. UTF-32, or binary bytes in a text format).
        case unsupportedEncoding(String)
        /// A triangle refers to a vertex that does not exist.
        case indexOutOfRange(index: Int, vertexCount: Int)
        /// A size or count beyond what MeshIO accepts.
        case tooLarge(what: String, limit: Int)
        /// A text line that does not parse.
        case malformedLine(line: Int, text: String, problem: String)
        /// A binary record that does not parse.
        case malformedRecord(String)
        /// The file could not be opened or read.
        case unreadable(String)
    }

    /// The file or archive entry name.
    public var source: String
    /// The rule the input broke.
    public var reason: Reason
    /// 1-based line in a text format, when known.
    public var line: Int?
    /// Byte offset in the data, when known.
    public var byteOffset: Int?

    public init(source: String, reason: Reason, line: Int? = nil, byteOffset: Int? = nil) {
        self.source = source
        self.reason = reason
        self.line = line
        self.byteOffset = byteOffset
    }

    /// A stable code per reason, e.g. "mesh.read.truncated".
    public var code: String {
        switch reason {
        case .empty: "mesh.read.empty"
        case .truncated: "mesh.read.truncated"
        case .countExceedsData: "mesh.read.count-exceeds-data"
        case .badHeader: "mesh.read.bad-header"
        case .unsupportedFormat: "mesh.read.unsupported-format"
        case .unsupportedEncoding: "mesh.read.unsupported-encoding"
        case .indexOutOfRange: "mesh.read.index-out-of-range"
        case .tooLarge: "mesh.read.too-large"
        case .malformedLine: "mesh.read.malformed-line"
        case .malformedRecord: "mesh.read.malformed-record"
        case .unreadable: "mesh.read.unreadable"
        }
    }

    /// "file: line N: what is wrong", naming the file and the rule.
    public var description: String {
        var place = source
        if case .malformedLine(let l, _, _) = reason {
            place += ": line \(l)"
        } else if let line {
            place += ": line \(line)"
        } else if let byteOffset {
            place += ": byte \(byteOffset)"
        }
        return "\(place): \(reasonText)"
    }

    private var reasonText: String {
        switch reason {
        case .empty:
            return "the file is empty"
        case .truncated(let expected, let actual):
            return "truncated: the content needs \(expected) bytes but the data has \(actual)"
        case .countExceedsData(let element, let declared, let minimumBytes, let available):
            return "header declares \(declared) \(element) records (at least \(Self.bytes(minimumBytes))) "
                + "but only \(Self.bytes(available)) follow"
        case .badHeader(let why):
            return "bad header: \(why)"
        case .unsupportedFormat(let why):
            return "unsupported format: \(why)"
        case .unsupportedEncoding(let why):
            return "unsupported encoding: \(why)"
        case .indexOutOfRange(let index, let vertexCount):
            return "vertex index \(index) is out of range (the mesh has \(vertexCount) vertices)"
        case .tooLarge(let what, let limit):
            return "\(what) exceeds the limit of \(limit)"
        case .malformedLine(_, let text, let problem):
            return text.isEmpty ? problem : "\(problem): '\(text)'"
        case .malformedRecord(let why):
            return why
        case .unreadable(let why):
            return "cannot read the file: \(why)"
        }
    }

    /// Human-readable byte count: 900 KB, 12 GB.
    static func bytes(_ n: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(n) bytes" }
        let rounded = value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 10)) / 10)
        return "\(rounded) \(units[unit])"
    }
}
