/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator with the same output on every platform.
///
/// Deliberately not a `RandomNumberGenerator`: the standard library's `random(in:using:)` algorithms may
/// change between releases, and a sample case must stay bit-for-bit the same for a given seed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for one purpose (anatomy, upper staging, …), so that drawing more numbers
    /// in one part of the generator never shifts another part.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// A magnitude uniform in `range` with a random sign.
    mutating func signed(_ range: ClosedRange<Double>) -> Double {
        let magnitude = uniform(range)
        return next() & 1 == 0 ? magnitude : -magnitude
    }

    /// Uniform in `range` (multiply-high: unbiased enough for choosing among a handful of options).
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }
}
