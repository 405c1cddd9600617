/// The 3MF number grammars: ST_Number (`[+-]?(digits(.digits)?|.digits)([eE][+-]?digits)?`) and
/// ST_ResourceID / ST_ResourceIndex (decimal integers). Checked byte by byte before conversion, so the
/// spellings Swift's own parsers also take ("nan", "inf", "0x1p3") are refused. Leading and trailing
/// whitespace is allowed: these types collapse it (XML Schema; 3MF Core §2.3.4); inner whitespace is not.
enum ThreeMFNumber {
    /// Shortest text that reads back to the same value (Swift's description): positions survive exactly.
    static func text(_ value: Float) -> String { value.description }

    /// Shortest round-trip text of a double (transforms).
    static func text(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == 1 { return "1" }
        if value == -1 { return "-1" }
        return value.description
    }

    /// A finite Float, or nil when `text` breaks ST_Number or overflows.
    static func float(_ text: String) -> Float? {
        let text = text.trimmingXMLWhitespace
        guard isNumber(text), let v = Float(text), v.isFinite else { return nil }
        return v
    }

    /// A finite Double, or nil when `text` breaks ST_Number or overflows.
    static func double(_ text: String) -> Double? {
        let text = text.trimmingXMLWhitespace
        guard isNumber(text), let v = Double(text), v.isFinite else { return nil }
        return v
    }

    /// A non-negative decimal integer below 2³¹ (the specification's bound on ids and indices).
    static func index(_ text: String) -> Int? {
        // Attribute values are native UTF-8 strings: scan their bytes in place (this runs per corner).
        text.utf8.withContiguousStorageIfAvailable(index) ?? Array(text.utf8).withUnsafeBufferPointer(index)
    }

    static func index(_ untrimmed: UnsafeBufferPointer<UInt8>) -> Int? {
        let bytes = trimmed(untrimmed)
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
            guard value < 1 << 31 else { return nil }
        }
        return bytes.isEmpty ? nil : value
    }

    /// Whether `text` matches ST_Number exactly.
    static func isNumber(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isNumber) ?? Array(text.utf8).withUnsafeBufferPointer(isNumber)
    }

    static func isNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let end = bytes.count
        if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var start = i
        while i < end, isDigit(bytes[i]) { i += 1 }
        let intDigits = i - start
        var fracDigits = 0
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            start = i
            while i < end, isDigit(bytes[i]) { i += 1 }
            fracDigits = i - start
            // "1." is not ST_Number; ".5" is.
            guard fracDigits > 0 else { return false }
        }
        guard intDigits + fracDigits > 0 else { return false }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            start = i
            while i < end, isDigit(bytes[i]) { i += 1 }
            guard i > start else { return false }
        }
        return i == end
    }

    /// `bytes` without leading and trailing XML whitespace (no work for the usual value without any).
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let first = bytes.first, let last = bytes.last, XMLByteClass.isSpace(first) || XMLByteClass.isSpace(last) else { return bytes }
        var start = 0, end = bytes.count
        while start < end, XMLByteClass.isSpace(bytes[start]) { start += 1 }
        while end > start, XMLByteClass.isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Whether a value that is no number holds inner whitespace (the whitespace rule, not a malformed number).
    static func hasInnerWhitespace(_ raw: UnsafeRawBufferPointer) -> Bool {
        trimmed(raw.assumingMemoryBound(to: UInt8.self)).contains { XMLByteClass.isSpace($0) }
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    // MARK: - From bytes in place (the scanner's attribute values: no String per number)

    /// A finite Float from ST_Number bytes, correctly rounded (as `Float(String)` is).
    static func float(_ raw: UnsafeRawBufferPointer) -> Float? {
        let bytes = trimmed(raw.assumingMemoryBound(to: UInt8.self))
        guard isNumber(bytes) else { return nil }
        if let d = exactDouble(bytes) {
            // Rounding the correctly rounded double again is exact unless it sits on a float midpoint.
            let low = d.bitPattern & ((1 << 29) - 1)
            if low != 1 << 28, abs(d) >= 1e-37 || d == 0 {
                let f = Float(d)
                return f.isFinite ? f : nil
            }
        }
        guard let v = Float(String(decoding: bytes, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// A finite Double from ST_Number bytes, correctly rounded.
    static func double(_ raw: UnsafeRawBufferPointer) -> Double? {
        let bytes = trimmed(raw.assumingMemoryBound(to: UInt8.self))
        guard isNumber(bytes) else { return nil }
        if let d = exactDouble(bytes) { return d }
        guard let v = Double(String(decoding: bytes, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// A decimal integer below 2^31 from bytes.
    static func index(_ raw: UnsafeRawBufferPointer) -> Int? { index(raw.assumingMemoryBound(to: UInt8.self)) }

    private static let powers: [Double] = (0...22).map { pow10($0) }

    private static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }  // exact: every power up to 10^22 is a double
        return v
    }

    /// The value of validated ST_Number bytes when one IEEE operation gives it correctly rounded
    /// (Clinger's fast path: at most 19 significant digits below 2^53 and a power of ten up to 10^22).
    static func exactDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var negative = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { negative = bytes[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var seenPoint = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") { seenPoint = true; i += 1; continue }
            guard isDigit(b) else { break }
            if mantissa != 0 || b != UInt8(ascii: "0") { digits += 1 }
            guard digits <= 19 else { return nil }
            mantissa = mantissa &* 10 &+ UInt64(b &- UInt8(ascii: "0"))
            if seenPoint { scale -= 1 }
            i += 1
        }
        if i < bytes.count {  // the exponent (validated already)
            i += 1
            var negativeExponent = false
            if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { negativeExponent = bytes[i] == UInt8(ascii: "-"); i += 1 }
            var exponent = 0
            while i < bytes.count {
                exponent = exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0"))
                guard exponent < 10_000 else { return nil }
                i += 1
            }
            scale += negativeExponent ? -exponent : exponent
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard mantissa < 1 << 53, scale >= -22, scale <= 22 else { return nil }
        let magnitude = scale < 0 ? Double(mantissa) / powers[-scale] : Double(mantissa) * powers[scale]
        return negative ? -magnitude : magnitude
    }
}
