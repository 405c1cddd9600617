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
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            guard value < 1 << 31 else { return nil }
        }
        return digits > 0 ? value : nil
    }

    /// Whether `text` matches ST_Number exactly.
    static func isNumber(_ text: String) -> Bool {
        var it = text.utf8.makeIterator()
        var c = it.next()
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
        var intDigits = 0, fracDigits = 0
        while let d = c, isDigit(d) { intDigits += 1; c = it.next() }
        if c == UInt8(ascii: ".") {
            c = it.next()
            while let d = c, isDigit(d) { fracDigits += 1; c = it.next() }
            // "1." is not ST_Number; ".5" is.
            guard fracDigits > 0 else { return false }
        }
        guard intDigits + fracDigits > 0 else { return false }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            c = it.next()
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
            var expDigits = 0
            while let d = c, isDigit(d) { expDigits += 1; c = it.next() }
            guard expDigits > 0 else { return false }
        }
        return c == nil
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
