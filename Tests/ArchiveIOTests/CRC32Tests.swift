@testable import ArchiveIO
import Foundation
import Testing

@Suite("CRC-32")
struct CRC32Tests {
    @Test func standardCheckValue() {
        // The catalogue check value of CRC-32/ISO-HDLC (zip, gzip, PNG).
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("second".utf8)) == 0xB61F_1169)
    }

    @Test func incrementalEqualsWholeAndMatchesTheBitwiseReference() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        var crc = CRC32()
        var start = 0
        for size in [1, 7, 4096, 3, 50_000] {
            bytes[start..<(start + size)].withUnsafeBytes { crc.update($0) }
            start += size
        }
        crc.update(bytes[start...])
        #expect(crc.value == CRC32.checksum(bytes))
        #expect(crc.value == crc32(bytes))  // the tests' bit-by-bit version
    }
}
