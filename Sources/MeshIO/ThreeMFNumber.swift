/// The 3MF number grammars: ST_Number (`[+-]?(digits(.digits)?|.digits)([eE][+-]?digits)?`) and
/// ST_ResourceID / ST_ResourceIndex (decimal integers). Checked byte by byte before conversion, so the
/// spellings Swift's own parsers also take ("nan", "inf", "0x1p3", " 1") are refused.
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
        guard isNumber(text), let v = Float(text), v.isFinite else { return nil }
        return v
    }

    /// A finite Double, or nil when `text` breaks ST_Number or overflows.
    static func double(_ text: String) -> Double? {
        guard isNumber(text), let v = Double(text), v.isFinite else { return nil }
        return v
    }

    /// A non-negative decimal integer below 2³¹ (the specification's bound on ids and indices).
    static func index(_ text: String) -> Int? {
        // Attribute values are native UTF-8 strings: scan their bytes in place (this runs per corner).
        text.utf8.withContiguousStorageIfAvailable(index) ?? Array(text.utf8).withUnsafeBufferPointer(index)
    }

    static func index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
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

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
