import Foundation

/// A small XML document (a manifest of a few MB) as a tree of elements, read by MeshIO's byte-level
/// scanner: the same well-formedness rules as the 3MF parts — DOCTYPE refused (no entity is ever declared
/// or expanded), matched tags, quoted unique attributes, predefined entities and character references
/// resolved. Text is kept exactly (nothing trimmed); CDATA is text.
public struct XMLTreeElement: Sendable, Equatable {
    /// The element's name as written.
    public var name: String
    /// Attribute values, decoded and normalized as XML 1.0 says.
    public var attributes: [String: String]
    /// The line (from 1) of its start tag.
    public var line: Int
    public var children: [XMLTreeElement] = []
    /// Its character data (not its children's), in document order.
    public var text = ""

    public init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// Child elements called `name`, in document order.
    public func children(_ name: String) -> [XMLTreeElement] { children.filter { $0.name == name } }

    /// The root element of `data` (UTF-8), or why the document cannot be read.
    public static func parse(_ data: Data, source: String) throws(XMLTreeError) -> XMLTreeElement {
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0, 0]) {
            throw XMLTreeError(line: 1, rule: .notUTF8, detail: "must be UTF-8 (found a UTF-16 or UTF-32 byte order)")
        }
        let scanned: Result<XMLTreeElement, ThreeMFError> = data.withUnsafeBytes { raw in
            do throws(ThreeMFError) {
                var scanner = XMLScanner(raw, source: source, part: nil, handler: TreeHandler(raw))
                try scanner.scan()
                guard let root = scanner.handler.root else { throw ThreeMFError(source: source, reason: .notWellFormed("the document is empty")) }
                return .success(root)
            } catch {
                return .failure(error)
            }
        }
        switch scanned {
        case let .success(root): return root
        case let .failure(error):
            switch error.reason {
            case .doctypeForbidden: throw XMLTreeError(line: error.line, rule: .doctype, detail: "a DOCTYPE is not allowed (no entities are declared)")
            case let .notWellFormed(words): throw XMLTreeError(line: error.line, rule: .notWellFormed, detail: "not well-formed XML: \(words)")
            default: throw XMLTreeError(line: error.line, rule: .notWellFormed, detail: "not well-formed XML: \(error)")
            }
        }
    }
}

/// Why a document cannot be read as an element tree: the line (when known), the rule and the words.
public struct XMLTreeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Rule: Sendable, Equatable { case notUTF8, doctype, notWellFormed }
    public var line: Int?
    public var rule: Rule
    public var detail: String

    public init(line: Int?, rule: Rule, detail: String) {
        self.line = line
        self.rule = rule
        self.detail = detail
    }

    public var description: String { line.map { "line \($0): \(detail)" } ?? detail }
}

/// Builds the tree as the scanner reports elements; lines are counted incrementally (one pass in all).
private struct TreeHandler: XMLScanHandler {
    let raw: UnsafeRawBufferPointer
    var root: XMLTreeElement?
    var stack: [XMLTreeElement] = []
    var counted = 0
    var line = 1

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var wantsText: Bool { true }

    mutating func rootNamespace(prefix: String, uri: String) {}

    mutating func start(_ element: XMLElement, _ attributes: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        for b in raw[counted..<min(element.offset, raw.count)] where b == 0x0A { line += 1 }
        counted = max(counted, element.offset)
        var values: [String: String] = [:]
        for i in 0..<attributes.count {
            values[String(decoding: attributes.name(i, raw), as: UTF8.self)] = String(decoding: attributes.value(i, raw), as: UTF8.self)
        }
        stack.append(XMLTreeElement(name: element.localName, attributes: values, line: line))
    }

    mutating func end() throws(XMLRefusal) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
    }

    mutating func text(_ bytes: [UInt8]) throws(XMLRefusal) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: bytes, as: UTF8.self)
    }
}
