/// CSV as labs' spreadsheets read it: RFC 4180 (quotes only where a field needs them), LF line ends,
/// numbers with a fixed number of decimals and a `.` separator whatever the machine's locale.
enum CSVText {
    /// One line: fields joined with commas, each quoted only when it holds a comma, quote, CR or LF.
    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with exactly `decimals` decimals, rounded half away from zero; never "-0.000".
    /// Built from integers, not `String(format:)`, so no locale or C library can change it.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Beyond 2^53 the integer route loses digits; no plan value comes near, so print it plainly.
        guard scaled < 9e15 else { return String(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale), fraction = units % UInt64(scale)
        var text = String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return units == 0 || value > 0 ? text : "-" + text
    }

    /// Parses RFC 4180 text into rows of fields (CRLF or LF line ends; a final line end optional).
    /// Returns nil when a quoted field is never closed.
    static func parse(_ text: String) -> [[String]]? {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false, afterQuote = false, any = false
        var chars = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = next() {
            any = true
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = n }
                    } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(field); field = ""; afterQuote = false
            case "\r": continue
            case "\n":
                row.append(field); rows.append(row)
                row = []; field = ""; afterQuote = false; any = false
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { return nil }
        if any { row.append(field); rows.append(row) }
        return rows
    }
}
