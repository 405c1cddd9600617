/// Numbers written straight into the XML buffer as digits, without a `String` per value: the writer
/// formats tens of millions of coordinates for a full treatment plan.
extension XMLBytes {
    /// Powers of ten that are exact doubles, for `number`.
    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// A non-negative integer in decimal.
    mutating func decimal(_ value: UInt64) {
        var digits: (UInt64, UInt64) = (0, 0)  // 16 bytes of scratch, enough for 20 digits with the count below
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[15 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
                count += 1
            } while v > 0 && count < 16
            if v > 0 {  // past 16 digits (never for indices): the rest the slow way
                bytes.append(contentsOf: String(v).utf8)
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(16 - count)...]))
        }
    }

    /// A coordinate: the shortest fixed-point decimal (at most 9 fraction digits) that reads back as exactly
    /// `value`, else Swift's shortest round-trip text (which may use an exponent). Either way ST_Number,
    /// and parsing it gives the same Float bit for bit.
    mutating func number(_ value: Float) {
        let magnitude = value.magnitude
        guard value.isFinite, magnitude < 1e6, magnitude == 0 || magnitude >= 1e-9 else {
            bytes.append(contentsOf: value.description.utf8)
            return
        }
        if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        if magnitude == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        // The decimals that parse to `magnitude` are those strictly inside its rounding interval: half
        // an ulp either side, a quarter below a power of two (the gap below is half as wide).
        let a = Double(magnitude)
        let above = Double(magnitude.ulp) / 2
        let below = magnitude.significandBitPattern == 0 ? above / 2 : above
        for k in 0..<Self.powersOfTen.count {
            let scale = Self.powersOfTen[k]
            let scaled = a * scale  // exact: 24 significant bits times at most 21 for 10^9
            let candidate = scaled.rounded()
            let error = candidate - scaled  // exact
            guard error < above * scale && -error < below * scale else { continue }
            fixed(UInt64(candidate), fractionDigits: k)
            return
        }
        bytes.removeLast(value.sign == .minus ? 1 : 0)
        bytes.append(contentsOf: value.description.utf8)
    }

    /// `digits` / 10^fractionDigits, with a leading "0" when below one and no trailing point.
    private mutating func fixed(_ digits: UInt64, fractionDigits: Int) {
        guard fractionDigits > 0 else { return decimal(digits) }
        let unit = UInt64(Self.powersOfTen[fractionDigits])
        decimal(digits / unit)
        bytes.append(UInt8(ascii: "."))
        var fraction = digits % unit
        var divisor = unit / 10
        for _ in 0..<fractionDigits {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }
}
