import Foundation

/// A forward-only tokenizer over raw bytes for the text formats (ASCII STL, ASCII PLY, OBJ).
/// Works on bytes rather than `String` so non-UTF-8 names and comments cannot stop a read, and
/// tokens are ranges so scanning allocates nothing.
struct TextScanner {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// 1-based line of `position`.
    private(set) var line: Int = 1

    init(_ bytes: UnsafeRawBufferPointer, start: Int = 0, line: Int = 1) {
        self.bytes = bytes
        self.position = start
        self.line = line
    }

    var isAtEnd: Bool { position >= bytes.count }
    var remaining: Int { Swift.max(0, bytes.count - position) }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C || b == 0x0D }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { isBlank(b) || b == 0x0A }

    /// Skips spaces, tabs and line breaks, counting lines.
    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x0A { line += 1 } else if !Self.isBlank(b) { return }
            position += 1
        }
    }

    /// The next whitespace-delimited token, crossing line breaks.
    mutating func nextToken() -> Range<Int>? {
        skipWhitespace()
        return tokenHere()
    }

    /// The next token on the current line; nil at the line's end (the line break is not consumed).
    mutating func nextTokenOnLine() -> Range<Int>? {
        while position < bytes.count, Self.isBlank(bytes[position]) { position += 1 }
        return tokenHere()
    }

    private mutating func tokenHere() -> Range<Int>? {
        let start = position
        while position < bytes.count, !Self.isSpace(bytes[position]) { position += 1 }
        return start < position ? start..<position : nil
    }

    /// Moves past the next line break.
    mutating func skipLine() {
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == 0x0A { line += 1; return }
        }
    }

    /// Whether the token spells `word` (ASCII, case-insensitive).
    func token(_ r: Range<Int>, is word: StaticString) -> Bool {
        guard r.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<r.count where bytes[r.lowerBound + i] | 0x20 != w[i] | 0x20 {
            return false
        }
        return true
    }

    /// The token as a Float (decimal, exponent, inf/nan, hex as Swift accepts them); nil if it is not a number.
    func float(_ r: Range<Int>) -> Float? {
        // Swift's parser rounds correctly, so printed shortest-round-trip values come back bit-exact.
        // Short tokens fit a small string, so this does not allocate.
        guard r.count <= 64 else { return nil }
        return Float(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self))
    }

    /// The token as a decimal integer with optional sign; nil if not an integer or out of Int range.
    func int(_ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        var negative = false
        if i < r.upperBound, bytes[i] == 0x2B || bytes[i] == 0x2D {
            negative = bytes[i] == 0x2D
            i += 1
        }
        guard i < r.upperBound else { return nil }
        var value = 0
        while i < r.upperBound {
            let d = Int(bytes[i]) - 0x30
            guard d >= 0, d <= 9 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = s
            i += 1
        }
        return value
    }

    /// The token's text (lossy UTF-8), capped for error messages.
    func text(_ r: Range<Int>) -> String {
        Self.excerpt(UnsafeRawBufferPointer(rebasing: bytes[r]))
    }

    /// The text of the line holding `offset` (default: the current position), for error messages.
    func lineText(at offset: Int? = nil) -> String {
        let at = Swift.min(offset ?? position, bytes.count)
        var start = at
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = at
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return Self.excerpt(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
    }

    /// Up to 80 bytes as trimmed, printable text.
    static func excerpt(_ raw: UnsafeRawBufferPointer) -> String {
        let cut = raw.count > 80 ? UnsafeRawBufferPointer(rebasing: raw[0..<80]) : raw
        let s = String(decoding: cut, as: UTF8.self)
            .map { $0.isASCII && ($0.asciiValue ?? 0) < 0x20 ? " " : String($0) }.joined()
            .trimmingCharacters(in: .whitespaces)
        return raw.count > 80 ? s + "…" : s
    }
}

extension Data {
    /// `withUnsafeBytes` that keeps the typed error (Foundation's version only rethrows untyped).
    func withMeshBytes<T>(_ body: (UnsafeRawBufferPointer) throws(MeshReadError) -> T) throws(MeshReadError) -> T {
        let result: Result<T, MeshReadError> = withUnsafeBytes { raw in
            Result { () throws(MeshReadError) -> T in try body(raw) }
        }
        return try result.get()
    }
}
