import Foundation
import Testing
@testable import PerformanceBench

@Suite struct RawDeflateTests {
    /// Text-like and random bytes, so both the matching and the literal paths of deflate run.
    static func sample(_ count: Int, seed: UInt64) -> Data {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        for i in bytes.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes[i] = i % 3 == 0 ? UInt8(truncatingIfNeeded: state >> 56) : UInt8(65 + i % 7)
        }
        return Data(bytes)
    }

    @Test(arguments: [1, 6, 9])
    func roundTripsAtEveryLevel(level: Int) throws {
        let input = Self.sample(300_000, seed: UInt64(level))
        let compressed = try RawDeflate.compress(input, level: level)
        #expect(compressed.count < input.count)
        let back = try RawDeflate.decompress(compressed, expectedSize: input.count)
        #expect(back == input)
        #expect(RawDeflate.crc32(back) == RawDeflate.crc32(input))
    }

    @Test(arguments: [1, 1000, 256 << 10])
    func theStreamingCheckSeesEveryByte(window: Int) throws {
        let input = Self.sample(700_001, seed: 9)
        let compressed = try RawDeflate.compress(input, level: 6)
        let checked = try RawDeflate.inflatedSizeAndCRC(compressed, window: window)
        #expect(checked.size == input.count)
        #expect(checked.crc == RawDeflate.crc32(input))
        #expect(throws: ZlibError.self) { try RawDeflate.inflatedSizeAndCRC(compressed.prefix(compressed.count / 2)) }
    }

    @Test func emptyInputRoundTrips() throws {
        let compressed = try RawDeflate.compress(Data(), level: 6)
        #expect(try RawDeflate.decompress(compressed, expectedSize: 0) == Data())
    }

    @Test func crc32IsZipsCRC() {
        // The standard check value of CRC-32 (ISO-HDLC, as zip uses).
        #expect(RawDeflate.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(RawDeflate.crc32(Data()) == 0)
    }

    @Test func refusesALevelOutsideOneToNine() {
        #expect(throws: ZlibError.invalidLevel(0)) { try RawDeflate.compress(Data([1]), level: 0) }
        #expect(throws: ZlibError.invalidLevel(10)) { try RawDeflate.compress(Data([1]), level: 10) }
    }

    @Test func aStreamOfTheWrongLengthIsAnError() throws {
        let input = Self.sample(10_000, seed: 3)
        let compressed = try RawDeflate.compress(input, level: 6)
        #expect(throws: ZlibError.self) { try RawDeflate.decompress(compressed, expectedSize: input.count - 1) }
        #expect(throws: ZlibError.self) { try RawDeflate.decompress(compressed, expectedSize: input.count + 1) }
        #expect(throws: ZlibError.self) { try RawDeflate.decompress(Data(repeating: 0xFF, count: 64), expectedSize: 10) }
    }

    @Test func everyCoreKeepsOrderAndRethrows() throws {
        let items = Array(0..<100)
        #expect(try CompressionFloor.onEveryCore(items) { $0 * 2 } == items.map { $0 * 2 })
        #expect(throws: ZlibError.invalidLevel(42)) {
            try CompressionFloor.onEveryCore(items) { i -> Int in
                if i == 42 { throw ZlibError.invalidLevel(42) }
                return i
            }
        }
    }
}
