import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// case.xml as a small tree of elements (the manifest is at most a few MB), parsed with Foundation's
/// XMLParser. A DTD is refused before parsing, so no entity is ever declared or expanded; text is kept
/// exactly as the parser delivers it (character references resolved, nothing trimmed).
final class XMLNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// Child elements called `name`, in document order.
    func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// Parses `data`; the root element, or a `CaseXMLError` naming the line.
    static func parse(_ data: Data) throws(CaseXMLError) -> XMLNode {
        guard !data.isEmpty else { throw CaseXMLError("", "the file is empty") }
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0, 0]) {
            throw CaseXMLError("", line: 1, "case.xml must be UTF-8 (found a UTF-16 or UTF-32 byte order)")
        }
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil {
            throw CaseXMLError("", "a DOCTYPE is not allowed (no entities are declared in case.xml)")
        }
        // A stream, not XMLParser(data:): libxml2 refuses one buffer past ~10 MB ("huge input lookup").
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        let ok = parser.parse()
        if let syntax = builder.syntaxError {
            throw CaseXMLError("", line: syntax.line, "not well-formed XML: \(describe(code: syntax.code))")
        }
        guard ok, let root = builder.root else {
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw CaseXMLError("", line: builder.lastLine, "not well-formed XML: \(describe(code: code))")
        }
        return root
    }

    /// libxml2's error codes in words (FoundationXML reports only a code on Linux).
    static func describe(code: Int) -> String {
        let words: [Int: String] = [
            4: "the document is empty", 5: "content after the root element, or the document ends too early",
            9: "an invalid character", 23: "an entity reference lacks its ';'", 26: "an undeclared entity",
            38: "an unescaped '<' in an attribute value", 39: "an attribute value without quotes",
            41: "an attribute without a value", 42: "an attribute given twice", 68: "a name was expected",
            72: "'<' was expected", 73: "'>' was expected", 75: "'=' was expected after an attribute name",
            76: "an end tag does not match its start tag", 77: "an element is not closed",
        ]
        return words[code].map { "\($0) (XML error \(code))" } ?? "XML error \(code)"
    }
}

/// The SAX handler that builds the tree.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    var stack: [XMLNode] = []
    var lastLine = 1
    /// The first well-formedness error; nothing after it is trusted (libxml2 may recover and go on).
    var syntaxError: (line: Int, code: Int)?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard syntaxError == nil else { return }
        lastLine = parser.lineNumber
        let node = XMLNode(name: name, attributes: attributes, line: parser.lineNumber)
        if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        lastLine = parser.lineNumber
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        let code = (parseError as NSError).code
        // libxml2's well-formedness errors are codes 1…89; its warnings (90…) are not fatal.
        if syntaxError == nil, (1...89).contains(code) { syntaxError = (parser.lineNumber, code) }
    }
}
