import Foundation

/// What 3MF requires of every XML part before parsing (Core Specification §2.3.2): UTF-8 only, and no
/// DTD — a DOCTYPE is refused outright so no entity is ever declared, let alone expanded.
enum XMLPrologue {
    static func check(_ data: Data, source: String, part: String?) throws(ThreeMFError) {
        func fail(_ reason: ThreeMFError.Reason) -> ThreeMFError { ThreeMFError(source: source, part: part, line: 1, reason: reason) }
        guard !data.isEmpty else { throw fail(.notWellFormed("the part is empty")) }
        let head = [UInt8](data.prefix(256))
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0, 0]) {
            throw fail(.notWellFormed("3MF XML must be UTF-8 (found a UTF-16 or UTF-32 byte order)"))
        }
        let text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("<?xml") || text.hasPrefix("\u{FEFF}<?xml"), let end = text.range(of: "?>") {
            let declaration = text[..<end.lowerBound].lowercased()
            if let enc = declaration.range(of: "encoding") {
                let rest = declaration[enc.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                guard rest.hasPrefix("utf-8") else {
                    throw fail(.notWellFormed("3MF XML must be UTF-8; the declaration names another encoding"))
                }
            }
        }
        if contains(data, "<!DOCTYPE") { throw fail(.doctypeForbidden) }
    }

    /// Whether `needle` (ASCII, non-empty) occurs in `data`: memchr to each candidate first byte, then a
    /// compare (Data.range(of:) is far slower on large parts).
    static func contains(_ data: Data, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            guard let base = raw.baseAddress, raw.count >= pattern.count else { return false }
            var offset = 0
            let last = raw.count - pattern.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, pattern, pattern.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }

    /// The parser's error in words (FoundationXML reports only a code on Linux).
    static func describe(_ error: Error?) -> String {
        guard let error else { return "the XML parser stopped" }
        return describe(code: (error as NSError).code)
    }

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
