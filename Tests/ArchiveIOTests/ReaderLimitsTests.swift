import ArchiveIO
import CZlib
import Foundation
import Testing

/// Limits are enforced on the bytes that come out of the decompressor, never on what headers claim.
@Suite("Streaming limits")
struct ReaderLimitsTests {
    /// A zip whose headers claim 1 000 bytes for a deflate stream that inflates to `actual` zero bytes.
    private func lyingZip(actual: Int) -> Data {
        var zip = ZipBuilder()
        zip.addDeflated("stage01.stl", deflated: deflateFixedHuffman(zeros: actual), claimedSize: 1000, claimedCRC: 0)
        return zip.finished()
    }

    /// A tar.gz holding one honest entry of `size` zero bytes (about 160:1).
    private func zerosTarGz(size: Int) -> Data {
        var tar = TarBuilder()
        tar.appendHeader(name: Array("zeros.bin".utf8), size: size, typeflag: 48, link: [])
        // Header as literals, then the zero data and the two end blocks as one zero run; the trailer is
        // right, since a complete pass (the listing) checks it.
        let zeros = size + (512 - size % 512) % 512 + 1024
        let content = tar.bytes + Data(count: zeros)
        let crc = content.withUnsafeBytes { UInt32(CZlib.crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
        return gzipWrap(deflateFixedHuffman(prefix: tar.bytes, zeros: zeros), crc: crc, size: UInt32(truncatingIfNeeded: content.count))
    }

    @Test func entryLimitStopsAtTheFirstBytePastItWhateverTheHeaderSays() throws {
        let limits = ArchiveLimits(maxEntryBytes: 1 << 20)
        let reader = try ArchiveReader(data: lyingZip(actual: 32 << 20), name: "lying.zip", limits: limits)
        #expect(try reader.entries().first?.declaredSize == 1000)  // the claim passes the header check

        var delivered = 0
        let error = try #require(throws: ArchiveError.self) {
            try reader.forEachEntry { _, stream in
                while let chunk = try stream.read(maxLength: 300_000) { delivered += chunk.count }
            }
        }
        #expect(error.rule == .entryTooLarge)
        #expect(error.entry == "stage01.stl")
        #expect(delivered <= 1 << 20)  // every byte handed out was within the limit
    }

    @Test func headerThatUnderstatesTheSizeIsRefusedEvenWithinTheLimits() throws {
        let reader = try ArchiveReader(data: lyingZip(actual: 4 << 20), name: "lying.zip")
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "stage01.stl") }
        #expect(error.rule == .unreadable)
        #expect(error.detail.contains("wrong size"))
    }

    @Test func totalLimitCountsEveryEntry() throws {
        var tar = TarBuilder()
        for index in 0..<4 { tar.add("part\(index).bin", Data(repeating: UInt8(index), count: 300_000)) }
        let limits = ArchiveLimits(maxTotalBytes: 1_000_000)
        // Declared sizes add up to 1.2 MB: refused from the headers alone.
        let reader = try ArchiveReader(data: tar.finished(), name: "parts.tar", limits: limits)
        let error = try #require(throws: ArchiveError.self) { try reader.entries() }
        #expect(error.rule == .totalTooLarge)
        #expect(error.entry == "part3.bin")
    }

    @Test func perEntryRatioUsesTheZipCompressedSize() throws {
        // 8 MiB from ~53 KB is ~160:1: within the default 200, refused at 100 once past the 1 MiB floor.
        let data = lyingZip(actual: 8 << 20)
        let reader = try ArchiveReader(data: data, name: "ratio.zip", limits: ArchiveLimits(maxCompressionRatio: 100))
        let entry = try #require(try reader.entries().first)
        let compressed = try #require(entry.compressedSize)
        var delivered: Int64 = 0
        let error = try #require(throws: ArchiveError.self) {
            try reader.forEachEntry { _, stream in
                while let chunk = try stream.read() { delivered += Int64(chunk.count) }
            }
        }
        #expect(error.rule == .compressionRatio)
        #expect(delivered <= 100 * compressed)
    }

    @Test func archiveRatioWhenEntriesHaveNoCompressedSize() throws {
        let gz = zerosTarGz(size: 32 << 20)
        #expect(gz.count < 250_000)
        let reader = try ArchiveReader(data: gz, name: "zeros.tar.gz", limits: ArchiveLimits(maxCompressionRatio: 50))
        #expect(reader.format == .tarGzip)
        #expect(try reader.entries().first?.compressedSize == nil)
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "zeros.bin") }
        #expect(error.rule == .compressionRatio)
        #expect(error.detail.hasPrefix("archive produced"))
    }

    @Test func tinyHighlyCompressibleFilesPassBelowTheFloor() throws {
        // 1 MiB of zeros is ~160:1 here, but at or under the 1 MiB floor the ratio is not checked.
        let limits = ArchiveLimits(maxCompressionRatio: 2)
        var zip = ZipBuilder()
        zip.addDeflated("zeros", deflated: deflateFixedHuffman(zeros: 1 << 20), claimedSize: 1 << 20, claimedCRC: 0)
        let reader = try ArchiveReader(data: zip.finished(), name: "floor.zip", limits: limits)
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "zeros") }
        #expect(error.rule == .badChecksum)  // read to the end (the claimed CRC is wrong), not stopped by the ratio
    }

    @Test func bombTarGzStopsAtTheTotalLimitQuickly() throws {
        // 256 MiB of zeros in ~1.7 MB of gzip; a 64 MiB total stops it after a quarter.
        let limits = ArchiveLimits(maxTotalBytes: 64 << 20)
        let bomb = zerosTarGz(size: 256 << 20)
        // Headers honest about 256 MiB: refused before any data.
        let honest = try #require(throws: ArchiveError.self) {
            try ArchiveReader(data: bomb, name: "bomb.tar.gz", limits: limits).entries()
        }
        #expect(honest.rule == .totalTooLarge)

        // Streaming: the inspector reads on past the header problem and must stop one byte past 64 MiB.
        let start = ContinuousClock.now
        let inspection = try ArchiveInspector.inspect(ArchiveReader(data: bomb, name: "bomb.tar.gz", limits: limits)).get()
        #expect(ContinuousClock.now - start < .seconds(20))
        let report = try #require(inspection.entries.first)
        #expect(report.bytesRead == (64 << 20) + 1)
        #expect(report.problems.map(\.rule) == [.totalTooLarge, .totalTooLarge])  // declared, then streamed
    }
}
