import Foundation

/// Text values as their VR allows (PS3.5 6.2), in the ISO_IR 192 (UTF-8) repertoire the files declare.
enum DicomText {
    /// `s` made valid for `vr`: a backslash (the value-multiplicity delimiter) becomes "/" where the VR
    /// forbids it, control characters become spaces, and the value is cut to the VR's length in
    /// characters; leading and trailing spaces go where they are insignificant. The writer compares the
    /// result with the plan's value, so an identifier changed on the way is reported, never silent.
    static func fit(_ s: String, _ vr: DicomVR) -> String {
        let keepsBackslash = vr == .st
        var out = String(s.unicodeScalars.map { c -> Character in
            if c == "\\" && !keepsBackslash { return "/" }
            // ST allows CR, LF, FF and ESC; the single-line VRs allow only ESC (ISO 2022, unused in UTF-8).
            if c.value < 0x20 || c.value == 0x7F { return " " }
            return Character(c)
        })
        if let max = vr.maxCharacters, out.count > max { out = String(out.prefix(max)) }
        // Trailing spaces are padding in every text VR; leading ones are insignificant in LO, SH, CS, PN.
        while out.last == " " { out.removeLast() }
        if vr != .st { while out.first == " " { out.removeFirst() } }
        return out
    }

    /// A value as read: padding (trailing spaces and NUL) removed, and leading spaces where insignificant.
    static func trimmed(_ s: String, _ vr: DicomVR) -> String {
        var out = Substring(s)
        while let c = out.last, c == " " || c == "\0" { out.removeLast() }
        if vr != .st && vr != .un { while out.first == " " { out.removeFirst() } }
        return String(out)
    }
}

/// DA, TM and DT values from and to points in time, in UTC (the files say so in TimezoneOffsetFromUTC).
/// Integer arithmetic on microseconds since 1970 and the civil-calendar algorithm, so no calendar,
/// locale or time zone database can change a value.
enum DicomDateTime {
    /// Microseconds since 1970-01-01T00:00:00Z, rounded.
    static func microseconds(_ secondsSince1970: Double) -> Int64? {
        let us = (secondsSince1970 * 1_000_000).rounded()
        // Years 0001–9999 only: DA has four year digits.
        guard us.isFinite, us >= -62_135_596_800_000_000, us < 253_402_300_800_000_000 else { return nil }
        return Int64(us)
    }

    /// ("YYYYMMDD", "HHMMSS.FFFFFF") in UTC, or nil outside years 1–9999.
    static func format(_ secondsSince1970: Double) -> (date: String, time: String)? {
        guard let us = microseconds(secondsSince1970) else { return nil }
        let perDay: Int64 = 86_400_000_000
        let days = us >= 0 ? us / perDay : (us - perDay + 1) / perDay
        let inDay = us - days * perDay
        let (y, m, d) = civil(fromDays: days)
        let seconds = inDay / 1_000_000, micro = inDay % 1_000_000
        let date = pad(y, 4) + pad(m, 2) + pad(d, 2)
        let time = pad(seconds / 3600, 2) + pad(seconds / 60 % 60, 2) + pad(seconds % 60, 2) + "." + pad(micro, 6)
        return (date, time)
    }

    /// Seconds since 1970 from DA and TM values (TM: HH, HHMM, HHMMSS, optionally .F to .FFFFFF; the
    /// old "HH:MM:SS" form too) minus `offset` ("+HHMM"/"-HHMM", UTC when nil or empty). Nil when malformed.
    static func parse(date: String, time: String, offset: String?) -> Double? {
        let d = Array(date.utf8)
        guard d.count == 8, d.allSatisfy({ (0x30...0x39).contains($0) }),
              let y = Int64(String(decoding: d[0..<4], as: UTF8.self)),
              let m = Int64(String(decoding: d[4..<6], as: UTF8.self)),
              let day = Int64(String(decoding: d[6..<8], as: UTF8.self)),
              (1...12).contains(m), (1...31).contains(day) else { return nil }
        let parts = time.replacingOccurrences(of: ":", with: "").split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let hms = parts.first, [0, 2, 4, 6].contains(hms.count),
              hms.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let t = Array(hms.utf8).map { Int64($0) - 0x30 }
        func two(_ i: Int) -> Int64 { t.count > i + 1 ? t[i] * 10 + t[i + 1] : 0 }
        let h = two(0), mi = two(2), s = two(4)
        guard h < 24, mi < 60, s < 61 else { return nil }
        var micro: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...6).contains(f.count), f.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(f) else { return nil }
            micro = v
            for _ in f.count..<6 { micro *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if let offset, !offset.isEmpty {
            let o = Array(offset.utf8)
            guard o.count == 5, o[0] == 0x2B || o[0] == 0x2D, o[1...].allSatisfy({ (0x30...0x39).contains($0) }),
                  let hh = Int64(String(decoding: o[1..<3], as: UTF8.self)),
                  let mm = Int64(String(decoding: o[3..<5], as: UTF8.self)) else { return nil }
            offsetSeconds = (hh * 3600 + mm * 60) * (o[0] == 0x2D ? -1 : 1)
        }
        let seconds = days(fromCivil: y, m, day) * 86_400 + h * 3600 + mi * 60 + s - offsetSeconds
        return Double(seconds) + Double(micro) / 1_000_000
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (civil_from_days).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
