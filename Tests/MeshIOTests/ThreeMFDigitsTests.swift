import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// The writer's digit formatting: every Float reads back bit for bit, in the shortest fixed form where one exists.
@Suite struct ThreeMFDigitsTests {
    private func written(_ value: Float) -> String {
        var out = XMLBytes(capacity: 32)
        out.number(value)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func coordinatesAreShortFixedDecimals() {
        #expect(written(3) == "3")
        #expect(written(-12.25) == "-12.25")
        #expect(written(0.1) == "0.1")
        #expect(written(-0.0) == "-0")
        #expect(written(23.456789) == "23.456789")
        #expect(written(0.0003) == "0.0003")
    }

    /// Random bit patterns over the range meshes use, plus the edges: powers of two, tiny and huge values,
    /// each parsed back as a 3MF reader does (ST_Number, then Float's correctly rounded parse).
    @Test func everyFloatReadsBackBitForBit() {
        var state: UInt64 = 0x1234_5678_9ABC_DEF1
        var values: [Float] = [1, 2, 0.5, 1024, 1e-9, 1.5e-9, 9.99e-10, 999_999.94, 1e6, 3.4e38, -Float.leastNonzeroMagnitude,
                               Float(1).nextDown, Float(2).nextDown, Float(1).nextUp, 0.1, 1.0 / 3]
        for _ in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let exponent = UInt32(state >> 40 & 0x1F) + 100  // about 2^-27 … 2^4 … 2^35
            let pattern = UInt32(state >> 63) << 31 | exponent << 23 | UInt32(state & 0x7F_FFFF)
            values.append(Float(bitPattern: pattern))
        }
        var failures: [String] = []
        for v in values {
            let text = written(v)
            guard ThreeMFNumber.isNumber(text), let back = Float(text), back.bitPattern == v.bitPattern else {
                failures.append("\(v.bitPattern) → \(text)")
                continue
            }
        }
        #expect(failures.isEmpty, "\(failures.count) values did not round-trip, e.g. \(failures.prefix(5))")
    }

    @Test func indicesAreDecimal() {
        for value: UInt64 in [0, 7, 10, 99, 100, 4_294_967_295, UInt64.max] {
            var out = XMLBytes(capacity: 32)
            out.decimal(value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(value))
        }
    }
}
