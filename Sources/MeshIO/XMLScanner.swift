import Foundation

/// A byte-level XML scanner for 3MF model parts: one pass over UTF-8 bytes, events to a handler, no
/// String per element or attribute. Checks what well-formedness needs for our reading: matched tags,
/// quoted attribute values (' or "), unique attribute names, the five predefined entities and numeric
/// character references, comments, processing instructions and CDATA in their places, only whitespace
/// outside the root, declared namespace prefixes. A DOCTYPE is refused outright (OPC forbids DTDs), so
/// no entity is ever declared or expanded.
struct XMLScanner<Handler: XMLScanHandler> {
    let raw: UnsafeRawBufferPointer
    let place: XMLPlace
    var handler: Handler
    /// Where the scanner is.
    private var at = 0
    /// Open elements: where each qualified name sits in `raw`, and how many namespace bindings it added.
    private var open: [(start: Int, end: Int, bindings: Int)] = []
    /// Namespace bindings in scope, innermost last (prefix bytes, URI); the empty prefix is the default.
    private var bindings: [(prefix: [UInt8], uri: [UInt8])] = []
    private var attributes = XMLAttributes()
    private var sawRoot = false

    init(_ raw: UnsafeRawBufferPointer, source: String, part: String?, handler: Handler) {
        self.raw = raw
        place = XMLPlace(raw: raw, source: source, part: part)
        self.handler = handler
    }

    /// Scans the whole document.
    mutating func scan() throws(ThreeMFError) {
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { at = 3 }
        while at < raw.count {
            if handler.readsRun { at = handler.readRun(raw, from: at, defaultNamespace: namespace(of: UnsafeRawBufferPointer(start: nil, count: 0)) ?? []) }
            let lt = find(UInt8(ascii: "<"), from: at) ?? raw.count
            if lt > at { try text(at, lt) }
            at = lt
            guard at < raw.count else { break }
            try markup()
        }
        if let innermost = open.last {
            throw fail(innermost.start, "an element is not closed (<\(string(innermost.start, innermost.end))>)")
        }
        guard sawRoot else { throw fail(at, "the document is empty") }
    }

    // MARK: - Markup

    private mutating func markup() throws(ThreeMFError) {
        let start = at
        guard at + 1 < raw.count else { throw fail(start, "the document ends inside markup") }
        switch raw[at + 1] {
        case UInt8(ascii: "/"): try endTag()
        case UInt8(ascii: "?"):
            guard let close = find("?>", from: at + 2) else { throw fail(start, "a processing instruction is not closed") }
            let (nameEnd, _) = name(from: at + 2)
            guard nameEnd > at + 2 else { throw fail(start, "a processing instruction without a target") }
            let target = string(at + 2, nameEnd).lowercased()
            if target == "xml", start != 0, !(start == 3 && raw[0] == 0xEF) {
                throw fail(start, "an XML declaration after the start of the document")
            }
            at = close + 2
        case UInt8(ascii: "!"):
            if starts("<!--", at) {
                guard let close = find("--", from: at + 4) else { throw fail(start, "a comment is not closed") }
                guard close + 2 < raw.count, raw[close + 2] == UInt8(ascii: ">") else { throw fail(close, "'--' inside a comment") }
                at = close + 3
            } else if starts("<![CDATA[", at) {
                guard !open.isEmpty else { throw fail(start, "CDATA outside the root element") }
                guard let close = find("]]>", from: at + 9) else { throw fail(start, "a CDATA section is not closed") }
                do { try handler.text(Array(raw[(at + 9)..<close])) } catch { throw place.error(start, error.reason) }
                at = close + 3
            } else if starts("<!DOCTYPE", at) {
                throw place.error(start, .doctypeForbidden)
            } else {
                throw fail(start, "'<!' starts no comment or CDATA section")
            }
        default: try startTag()
        }
    }

    private mutating func startTag() throws(ThreeMFError) {
        let tagStart = at
        let nameStart = at + 1
        let (nameEnd, colon) = name(from: nameStart)
        guard nameEnd > nameStart else { throw fail(tagStart, "a name was expected after '<'") }
        if open.isEmpty {
            guard !sawRoot else { throw fail(tagStart, "content after the root element") }
            sawRoot = true
        }
        at = nameEnd
        try attributes.scan(raw, at: &at, place: place)
        let selfClosing = raw[at] == UInt8(ascii: "/")
        at += selfClosing ? 2 : 1
        // Namespace declarations of this element come into scope for it and its content.
        var added = 0
        for index in 0..<(attributes.declaresNamespaces ? attributes.count : 0) {
            let name = attributes.name(index, raw)
            if name.elementsEqual("xmlns".utf8) || name.starts(with: "xmlns:".utf8) {
                if name.count == 6 { throw fail(tagStart, "'xmlns:' declares an empty prefix") }
                let prefix = name.count > 5 ? [UInt8](name[6...]) : []
                let uri = [UInt8](attributes.value(index, raw))
                if !prefix.isEmpty, uri.isEmpty { throw fail(tagStart, "the prefix \(String(decoding: prefix, as: UTF8.self)) is bound to no namespace") }
                bindings.append((prefix, uri))
                added += 1
                if open.isEmpty, !prefix.isEmpty {
                    handler.rootNamespace(prefix: String(decoding: prefix, as: UTF8.self), uri: String(decoding: uri, as: UTF8.self))
                }
            }
        }
        let localStart = colon.map { $0 + 1 } ?? nameStart
        // "<:a>" and "<p:>" are not qualified names: an empty prefix or local part would silently mean something else.
        if let colon, colon == nameStart || localStart == nameEnd {
            throw fail(tagStart, "'\(string(nameStart, nameEnd))' is not a qualified name (empty prefix or local part)")
        }
        let prefix = colon.map { UnsafeRawBufferPointer(rebasing: raw[nameStart..<$0]) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
        guard let uri = namespace(of: prefix) else {
            throw fail(tagStart, "the prefix \(String(decoding: prefix, as: UTF8.self)) is not declared (XML Namespaces §5; 3MF Core §2.3.1)")
        }
        if attributes.hasPrefixedNames { try checkAttributePrefixes(tagStart) }
        open.append((nameStart, nameEnd, added))
        let element = XMLElement(local: UnsafeRawBufferPointer(rebasing: raw[localStart..<nameEnd]), namespace: uri, offset: tagStart)
        do { try handler.start(element, attributes, raw) } catch { throw place.error(tagStart, error.reason) }
        if selfClosing { try close(at: tagStart) }
    }

    private mutating func endTag() throws(ThreeMFError) {
        let tagStart = at
        let (nameEnd, _) = name(from: at + 2)
        var cursor = nameEnd
        while cursor < raw.count, XMLByteClass.isSpace(raw[cursor]) { cursor += 1 }
        guard cursor < raw.count, raw[cursor] == UInt8(ascii: ">") else { throw fail(tagStart, "'>' was expected") }
        guard let top = open.last else { throw fail(tagStart, "an end tag without a start tag") }
        guard raw[(at + 2)..<nameEnd].elementsEqual(raw[top.start..<top.end]) else {
            throw fail(tagStart, "an end tag does not match its start tag (<\(string(top.start, top.end))> … </\(string(at + 2, nameEnd))>)")
        }
        at = cursor + 1
        try close(at: tagStart)
    }

    /// Ends the innermost element (its end tag, or a self-closing start tag at `offset`).
    private mutating func close(at offset: Int) throws(ThreeMFError) {
        guard let top = open.popLast() else { return }
        bindings.removeLast(top.bindings)
        do { try handler.end() } catch { throw place.error(offset, error.reason) }
    }

    /// Character data between markup: entities decoded for the handler; outside the root, whitespace only.
    private mutating func text(_ start: Int, _ end: Int) throws(ThreeMFError) {
        guard !open.isEmpty else {
            if let bad = (start..<end).first(where: { !XMLByteClass.isSpace(raw[$0]) }) {
                throw fail(bad, sawRoot ? "content after the root element" : "text before the root element")
            }
            return
        }
        guard handler.wantsText else { return try XMLAttributes.checkCharacters(raw, start, end, place: place) }
        var decoded: [UInt8] = []
        try XMLAttributes.decode(raw, start, end, into: &decoded, normalize: false, place: place)
        do { try handler.text(decoded) } catch { throw place.error(start, error.reason) }
    }

    /// Prefixed attribute names: the prefix declared (3MF Core §2.3.1), and of the xml namespace only
    /// xml:lang (§2.3.2 (4); xml:space is forbidden outright, §2.3.4).
    private func checkAttributePrefixes(_ tagStart: Int) throws(ThreeMFError) {
        for index in 0..<attributes.count {
            let name = attributes.name(index, raw)
            guard let colon = name.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let prefix = UnsafeRawBufferPointer(rebasing: name[..<colon])
            let local = UnsafeRawBufferPointer(rebasing: name[(colon + 1)...])
            let text = String(decoding: name, as: UTF8.self)
            if prefix.isEmpty || local.isEmpty { throw fail(tagStart, "'\(text)' is not a qualified name (empty prefix or local part)") }
            if prefix.elementsEqual("xmlns".utf8) { continue }
            if prefix.elementsEqual("xml".utf8) {
                guard local.elementsEqual("lang".utf8) else {
                    throw place.error(tagStart, .rule(.xmlNamespaceAttribute, "the attribute \(text) is not allowed"))
                }
                continue
            }
            guard namespace(of: prefix) != nil else {
                throw place.error(tagStart, .rule(.undeclaredPrefix, "the attribute \(text) uses the prefix \(String(decoding: prefix, as: UTF8.self)), which is not declared"))
            }
        }
    }

    // MARK: - Helpers

    private func namespace(of prefix: UnsafeRawBufferPointer) -> [UInt8]? {
        if prefix.isEmpty {
            for binding in bindings.reversed() where binding.prefix.isEmpty { return binding.uri }
            return []
        }
        if prefix.elementsEqual("xml".utf8) { return Array("http://www.w3.org/XML/1998/namespace".utf8) }
        for binding in bindings.reversed() where binding.prefix.elementsEqual(prefix) { return binding.uri }
        return prefix.isEmpty ? [] : nil
    }

    /// The end of the name starting at `start`, and where its (first) colon is.
    private func name(from start: Int) -> (end: Int, colon: Int?) {
        var i = start
        var colon: Int?
        guard i < raw.count, XMLByteClass.startsName(raw[i]) else { return (start, nil) }
        while i < raw.count, XMLByteClass.inName(raw[i]) {
            if raw[i] == UInt8(ascii: ":"), colon == nil { colon = i }
            i += 1
        }
        return (i, colon)
    }

    private func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < raw.count, let base = raw.baseAddress, let hit = memchr(base + from, Int32(byte), raw.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    private func find(_ pattern: StaticString, from: Int) -> Int? {
        let bytes = UnsafeRawBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
        var cursor = from
        while let hit = find(bytes[0], from: cursor) {
            if starts(bytes, hit) { return hit }
            cursor = hit + 1
        }
        return nil
    }

    private func starts(_ pattern: StaticString, _ offset: Int) -> Bool {
        starts(UnsafeRawBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount), offset)
    }

    private func starts(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Bool {
        offset + bytes.count <= raw.count && raw[offset..<(offset + bytes.count)].elementsEqual(bytes)
    }

    private func string(_ start: Int, _ end: Int) -> String { String(decoding: raw[start..<end], as: UTF8.self) }

    private func fail(_ offset: Int, _ words: String) -> ThreeMFError { place.fail(offset, words) }
}

/// An element as the scanner reports it: its local name and namespace URI (bytes; empty for none).
struct XMLElement {
    let local: UnsafeRawBufferPointer
    let namespace: [UInt8]
    /// Where its start tag begins in the document.
    let offset: Int

    func isNamed(_ name: StaticString) -> Bool {
        guard local.count == name.utf8CodeUnitCount, let base = local.baseAddress else { return local.isEmpty && name.utf8CodeUnitCount == 0 }
        return memcmp(base, name.utf8Start, local.count) == 0
    }

    var localName: String { String(decoding: local, as: UTF8.self) }
}

/// Why a handler refused what it was given (the scanner adds the place).
struct XMLRefusal: Error {
    let reason: ThreeMFError.Reason
}

/// What the scanner reports to.
protocol XMLScanHandler {
    /// Whether character data (decoded) should be delivered; false skips decoding (it is still checked).
    var wantsText: Bool { get }
    mutating func rootNamespace(prefix: String, uri: String)
    mutating func start(_ element: XMLElement, _ attributes: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal)
    mutating func end() throws(XMLRefusal)
    mutating func text(_ bytes: [UInt8]) throws(XMLRefusal)
    /// Whether the handler reads the elements from here itself (`readRun`) until it meets one it does not take.
    var readsRun: Bool { get }
    /// Reads whole elements it can prove the scanner would read the same from `from` (a position
    /// between markup inside the innermost open element); returns where the scanner goes on.
    mutating func readRun(_ raw: UnsafeRawBufferPointer, from: Int, defaultNamespace: [UInt8]) -> Int
}

extension XMLScanHandler {
    var readsRun: Bool { false }
    mutating func readRun(_ raw: UnsafeRawBufferPointer, from: Int, defaultNamespace: [UInt8]) -> Int { from }
}
