import Foundation

/// The attributes of the start tag just scanned, as byte ranges: names in the document, values in the
/// document or (when they held a reference or a character to normalize) decoded into a scratch buffer.
/// Reused from tag to tag, so reading a vertex allocates nothing.
struct XMLAttributes {
    /// Whether the tag had an attribute whose name starts with "xmlns" (a namespace declaration).
    private(set) var declaresNamespaces = false
    /// Whether the tag had a prefixed attribute name other than a namespace declaration.
    private(set) var hasPrefixedNames = false
    private var names: [Range<Int>] = []
    private var values: [(range: Range<Int>, decoded: Bool)] = []
    private var scratch: [UInt8] = []

    var count: Int { names.count }

    func name(_ index: Int, _ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: raw[names[index]])
    }

    func value(_ index: Int, _ raw: UnsafeRawBufferPointer) -> [UInt8] {
        let (range, decoded) = values[index]
        return decoded ? Array(scratch[range]) : Array(raw[range])
    }

    /// The value of the attribute whose qualified name is `name`, handed to `body` (nil when absent).
    func with<T>(_ name: StaticString, _ raw: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws(XMLRefusal) -> T) throws(XMLRefusal) -> T {
        for index in names.indices where Self.equals(raw, names[index], name) {
            let (range, decoded) = values[index]
            if !decoded { return try body(UnsafeRawBufferPointer(rebasing: raw[range])) }
            let result = scratch.withUnsafeBytes { bytes in
                Result { () throws(XMLRefusal) -> T in try body(UnsafeRawBufferPointer(rebasing: bytes[range])) }
            }
            return try result.get()
        }
        return try body(nil)
    }

    /// The value as a String (nil when absent or not valid UTF-8).
    func string(_ name: StaticString, _ raw: UnsafeRawBufferPointer) -> String? {
        (try? with(name, raw) { bytes in bytes.flatMap { String(validating: $0, as: UTF8.self) } }) ?? nil
    }

    /// Scans attributes from `at` (just past the element name) to the tag's '>' or "/>", leaving `at` on
    /// the '>' or '/'. Checks spacing, '=', quotes, '<' in values, references, and duplicate names.
    mutating func scan(_ raw: UnsafeRawBufferPointer, at: inout Int, place: XMLPlace) throws(ThreeMFError) {
        names.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        if !scratch.isEmpty { scratch.removeAll(keepingCapacity: true) }
        declaresNamespaces = false
        hasPrefixedNames = false
        let end = raw.count
        while true {
            let before = at
            while at < end, XMLByteClass.isSpace(raw[at]) { at += 1 }
            guard at < end else { throw place.fail(before, "the document ends inside a start tag") }
            let b = raw[at]
            if b == UInt8(ascii: ">") { return }
            if b == UInt8(ascii: "/") {
                guard at + 1 < end, raw[at + 1] == UInt8(ascii: ">") else { throw place.fail(at, "'>' was expected after '/'") }
                return
            }
            guard at > before else { throw place.fail(at, "attributes must be separated by whitespace") }
            guard XMLByteClass.startsName(b) else { throw place.fail(at, "an attribute name was expected") }
            let nameStart = at
            while at < end, XMLByteClass.inName(raw[at]) { at += 1 }
            let nameRange = nameStart..<at
            while at < end, XMLByteClass.isSpace(raw[at]) { at += 1 }
            guard at < end, raw[at] == UInt8(ascii: "=") else { throw place.fail(at, "'=' was expected after an attribute name") }
            at += 1
            while at < end, XMLByteClass.isSpace(raw[at]) { at += 1 }
            guard at < end, raw[at] == UInt8(ascii: "\"") || raw[at] == UInt8(ascii: "'") else {
                throw place.fail(at, "an attribute value without quotes")
            }
            let quote = raw[at]
            let valueStart = at + 1
            var cursor = valueStart
            var plain = true
            while cursor < end, raw[cursor] != quote {
                let c = raw[cursor]
                if c == UInt8(ascii: "<") { throw place.fail(cursor, "an unescaped '<' in an attribute value") }
                if c == UInt8(ascii: "&") || c < 0x20 { plain = false }
                cursor += 1
            }
            guard cursor < end else { throw place.fail(valueStart, "an attribute value is not closed") }
            for existing in names where Self.same(raw, existing, nameRange) {
                throw place.fail(nameStart, "an attribute given twice (\(String(decoding: raw[nameRange], as: UTF8.self)))")
            }
            names.append(nameRange)
            if raw[nameStart] == UInt8(ascii: "x"), nameRange.count >= 5, Self.equals(raw, nameStart..<(nameStart + 5), "xmlns") {
                declaresNamespaces = true
            } else if nameRange.count > 1, raw[nameRange].contains(UInt8(ascii: ":")) {
                hasPrefixedNames = true
            }
            if plain {
                values.append((valueStart..<cursor, false))
            } else {
                let from = scratch.count
                try Self.decode(raw, valueStart, cursor, into: &scratch, normalize: true, place: place)
                values.append((from..<scratch.count, true))
            }
            at = cursor + 1
        }
    }

    /// Appends `raw[start..<end]` to `out` with references decoded (and, in attribute values, tab, CR
    /// and LF turned into spaces, as XML normalizes them); refuses other control characters and
    /// undeclared entities.
    static func decode(_ raw: UnsafeRawBufferPointer, _ start: Int, _ end: Int, into out: inout [UInt8], normalize: Bool,
                       place: XMLPlace) throws(ThreeMFError) {
        var i = start
        while i < end {
            let c = raw[i]
            if c == UInt8(ascii: "&") {
                guard let semicolon = (i + 1..<min(end, i + 12)).first(where: { raw[$0] == UInt8(ascii: ";") }) else {
                    throw place.fail(i, "an entity reference lacks its ';'")
                }
                let body = raw[(i + 1)..<semicolon]
                if let scalar = reference(body) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                } else {
                    throw place.fail(i, "an undeclared entity or a bad character reference (&\(String(decoding: body, as: UTF8.self));)")
                }
                i = semicolon + 1
                continue
            }
            if c < 0x20, c != 0x09, c != 0x0A, c != 0x0D { throw place.fail(i, "an invalid character (byte \(c))") }
            out.append(normalize && c < 0x20 ? 0x20 : c)
            i += 1
        }
    }

    /// Refuses control characters and malformed references in text that is not kept.
    static func checkCharacters(_ raw: UnsafeRawBufferPointer, _ start: Int, _ end: Int,
                                place: XMLPlace) throws(ThreeMFError) {
        var i = start
        while i < end {
            let c = raw[i]
            i += 1
            // Most text between tags is line breaks and indentation: one comparison per byte for it.
            if c > UInt8(ascii: "&") || c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || (c > 0x20 && c < UInt8(ascii: "&")) { continue }
            let at = i - 1
            if c < 0x20 { throw place.fail(at, "an invalid character (byte \(c))") }
            // A reference: decoded (and dropped) only to check it.
            var ignored: [UInt8] = []
            let stop = (at + 1..<min(end, at + 12)).first { raw[$0] == UInt8(ascii: ";") }.map { $0 + 1 } ?? min(end, at + 12)
            try decode(raw, at, stop, into: &ignored, normalize: false, place: place)
        }
    }

    /// Whether two ranges of `raw` hold the same bytes.
    @inline(__always)
    static func same(_ raw: UnsafeRawBufferPointer, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count, let base = raw.baseAddress else { return a.count == b.count }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }

    /// Whether `raw[range]` is `name`.
    @inline(__always)
    static func equals(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount, let base = raw.baseAddress else { return false }
        return memcmp(base + range.lowerBound, name.utf8Start, range.count) == 0
    }

    /// The character a reference body (between '&' and ';') stands for: the five predefined entities,
    /// `#digits` or `#xhex` naming a character XML allows.
    static func reference(_ body: Slice<UnsafeRawBufferPointer>) -> Unicode.Scalar? {
        switch String(decoding: body, as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "apos": return "'"
        case "quot": return "\""
        case let text where text.hasPrefix("#x"):
            let digits = text.dropFirst(2)
            return digits.allSatisfy(\.isHexDigit) ? UInt32(digits, radix: 16).flatMap(allowed) : nil
        case let text where text.hasPrefix("#"):
            return text.dropFirst().allSatisfy(\.isWholeNumber) ? UInt32(text.dropFirst(), radix: 10).flatMap(allowed) : nil
        default: return nil
        }
    }

    private static func allowed(_ value: UInt32) -> Unicode.Scalar? {
        guard value == 0x9 || value == 0xA || value == 0xD || value >= 0x20 else { return nil }
        return Unicode.Scalar(value)
    }
}

/// Byte classes of XML names and whitespace (ASCII exactly; any non-ASCII byte counts as a name byte).
enum XMLByteClass {
    static func startsName(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b >= 0x80
    }

    static func inName(_ b: UInt8) -> Bool {
        startsName(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: ":")
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
}

/// Where an error is: the document, to count lines in, and the names of the file and part.
struct XMLPlace {
    let raw: UnsafeRawBufferPointer
    let source: String
    let part: String?

    /// The line (from 1) of byte `offset`: counted only when an error needs it.
    func line(at offset: Int) -> Int {
        var line = 1
        for b in raw[..<min(max(0, offset), raw.count)] where b == 0x0A { line += 1 }
        return line
    }

    func fail(_ offset: Int, _ words: String) -> ThreeMFError {
        ThreeMFError(source: source, part: part, line: line(at: offset), reason: .notWellFormed(words))
    }

    func error(_ offset: Int, _ reason: ThreeMFError.Reason) -> ThreeMFError {
        ThreeMFError(source: source, part: part, line: line(at: offset), reason: reason)
    }
}
