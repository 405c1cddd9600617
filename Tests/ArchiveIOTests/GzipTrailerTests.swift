import ArchiveIO
import Foundation
import Testing

/// libarchive never checks a gzip member's CRC-32 and length; the reader does, on every complete pass.
@Suite struct GzipTrailerTests {
    static let content = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

    static func tarGz() -> (gz: Data, contentOffset: Int) {
        var tar = TarBuilder()
        tar.add("case/crown.ply", content)
        let gz = gzipStored(tar.finished())
        // Stored deflate: a 10-byte gzip header, a 5-byte block header, then the tar bytes (a 512-byte header first).
        return (gz, 10 + 5 + 512)
    }

    @Test func anIntactTarGzReads() throws {
        let reader = try ArchiveReader(data: Self.tarGz().gz, name: "case.tar.gz")
        #expect(try reader.entries().map(\.path) == ["case/crown.ply"])
        #expect(try reader.data(of: "case/crown.ply") == Self.content)
    }

    @Test func aFlippedBitInsideTheDataIsABadChecksumNamingTheTrailer() throws {
        var (gz, at) = Self.tarGz()
        gz[at + 1000] ^= 0x10  // still a valid stored block: only the trailer's CRC-32 can tell
        let reader = try ArchiveReader(data: gz, name: "case.tar.gz")
        let error = try #require(throws: ArchiveError.self) { try reader.entries() }
        #expect(error.rule == .badChecksum)
        #expect(error.archive == "case.tar.gz")
        #expect(error.detail.contains("gzip trailer check failed") && error.detail.contains("member 1"), "\(error.detail)")
        // The inspector reports it rather than stopping.
        let inspection = try ArchiveInspector.inspect(reader).get()
        #expect(inspection.problems.contains { $0.rule == .badChecksum })
    }

    @Test func aWrongLengthInTheTrailerIsABadChecksum() throws {
        var gz = Self.tarGz().gz
        gz[gz.count - 1] ^= 0x01  // ISIZE's top byte
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(data: gz, name: "case.tar.gz").entries() }
        #expect(error.rule == .badChecksum)
    }

    @Test func aCutTrailerIsRefused() throws {
        let gz = Self.tarGz().gz.dropLast(4)
        #expect(throws: ArchiveError.self) { try ArchiveReader(data: Data(gz), name: "case.tar.gz").entries() }
    }
}
