import Foundation

/// What 3MF requires of every XML part before it is scanned (Core Specification §2.3.2): UTF-8 or
/// UTF-16 (transcoded here to UTF-8, which the scanner reads), an encoding declaration naming no other
/// encoding, and no DTD — a DOCTYPE is refused outright so no entity is ever declared, let alone expanded.
enum XMLPrologue {
    /// The part as UTF-8 bytes, or the rule it breaks.
    static func utf8(_ data: Data, source: String, part: String?) throws(ThreeMFError) -> Data {
        func fail(_ reason: ThreeMFError.Reason) -> ThreeMFError { ThreeMFError(source: source, part: part, line: 1, reason: reason) }
        guard !data.isEmpty else { throw fail(.notWellFormed("the part is empty")) }
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0, 0, 0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE, 0, 0]) || head.starts(with: [0, 0, 0, 0x3C])
            || head.starts(with: [0x3C, 0, 0, 0]) {
            throw fail(.rule(.encoding, "the part is UTF-32"))
        }
        let text: Data
        var declaredUTF16 = false
        if let bigEndian = utf16Order(head) {
            text = try transcode(data, bigEndian: bigEndian, fail: fail)
            declaredUTF16 = true
        } else {
            text = data
        }
        let prologue = String(decoding: text.prefix(256), as: UTF8.self)
        if prologue.hasPrefix("<?xml") || prologue.hasPrefix("\u{FEFF}<?xml"), let end = prologue.range(of: "?>") {
            let declaration = prologue[..<end.lowerBound].lowercased()
            if let enc = declaration.range(of: "encoding") {
                let rest = declaration[enc.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                let name = String(rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " })
                guard name == "utf-8" || name == "utf-16" else {
                    throw fail(.rule(.encoding, "the declaration names the encoding '\(name)'"))
                }
                guard (name == "utf-16") == declaredUTF16 else {
                    throw fail(.rule(.encoding, "the declaration names \(name) but the part is \(declaredUTF16 ? "UTF-16" : "UTF-8")"))
                }
            }
        }
        if XMLScanning.contains(text, "<!DOCTYPE") { throw fail(.doctypeForbidden) }
        return text
    }

    /// UTF-16's byte order from a byte-order mark or from "<?" (XML 1.0 Appendix F), nil for UTF-8.
    private static func utf16Order(_ head: [UInt8]) -> Bool? {
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0, 0x3C, 0, 0x3F]) { return true }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0x3C, 0, 0x3F, 0]) { return false }
        return nil
    }

    /// UTF-16 to UTF-8, refusing an odd length and unpaired surrogates rather than replacing them.
    private static func transcode(_ data: Data, bigEndian: Bool, fail: (ThreeMFError.Reason) -> ThreeMFError) throws(ThreeMFError) -> Data {
        guard data.count % 2 == 0 else { throw fail(.rule(.encoding, "UTF-16 text of an odd number of bytes")) }
        var units = [UInt16](repeating: 0, count: data.count / 2)
        data.withUnsafeBytes { raw in
            for i in units.indices {
                let a = UInt16(raw[2 * i]), b = UInt16(raw[2 * i + 1])
                units[i] = bigEndian ? a << 8 | b : b << 8 | a
            }
        }
        var out = Data(capacity: units.count)
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): out.append(contentsOf: Array(String(Character(scalar)).utf8))
            case .emptyInput: break loop
            case .error: throw fail(.rule(.encoding, "invalid UTF-16 (an unpaired surrogate)"))
            }
        }
        return out
    }
}

/// Byte searches over whole parts.
enum XMLScanning {
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
}
