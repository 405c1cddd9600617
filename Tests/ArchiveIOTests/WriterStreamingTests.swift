import ArchiveIO
import Foundation
import Testing

/// Large entries flow through in chunks; many entries switch zip to ZIP64.
@Suite struct WriterStreamingTests {
    /// Limits for reading back constant-byte chunks, which compress far past the default ratio cap.
    private let generous = ArchiveLimits(maxEntries: 100_000, maxCompressionRatio: 1_000_000)

    /// 64 MiB in 1 MiB chunks: the producer is pulled chunk by chunk and the writer never holds more
    /// than the chunk it is consuming (plus the one being made), so memory stays flat whatever the size.
    @Test(arguments: [ArchiveFormat.zip, .tarGzip, .tarZstd])
    func aLargeEntryIsPulledChunkByChunkWithoutRetainingChunks(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("large.\(format.rawValue)")
        let chunks = TrackedChunks(count: 64, size: 1 << 20)
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format, compressionLevel: 1))
        try writer.add("stage-meshes.bin", size: chunks.totalBytes, chunks: chunks.next)
        let summary = try writer.finish()

        #expect(chunks.calls == 65, "64 chunks, then the end")
        #expect(chunks.maxLive <= 2, "chunks are released once written; at most \(chunks.maxLive) were alive")
        #expect(summary.entries.first?.size == chunks.totalBytes)
        #expect(summary.archiveBytes < chunks.totalBytes / 100)

        var offset: Int64 = 0
        var intact = true
        try ArchiveReader(contentsOf: url, limits: generous).forEachEntry { _, stream in
            while let piece = try stream.read(maxLength: 1 << 20) {
                intact = intact && chunks.matches(piece, at: offset)
                offset += Int64(piece.count)
            }
        }
        #expect(offset == chunks.totalBytes)
        #expect(intact)
    }

    /// Whole-`Data` entries are handed to the backends in 1 MiB slices of the caller's buffer.
    @Test func aLargeDataEntryRoundTrips() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("slices.zip")
        let data = sampleBytes(3 << 20, seed: 11)
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        try writer.add("big.bin", data: data, compression: .store)
        try writer.add("slice.bin", data: data[(1 << 20)..<(2 << 20)])
        _ = try writer.finish()
        let read = try readBack(url)
        #expect(read.map(\.data) == [data, data[(1 << 20)..<(2 << 20)]])
    }

    /// More than 65 535 entries do not fit the classic end record: libzip writes ZIP64 records.
    /// About 3 s in a debug build (70 000 one-byte entries, half of it reading back).
    /// Entries past 4 GiB also switch to ZIP64 inside libzip; too slow to test here.
    @Test func moreThan65535EntriesProduceAReadableZip64Archive() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("many.zip")
        let count = 70_000
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for i in 0..<count {
            try writer.add("stages/\(i).txt", data: Data([UInt8(truncatingIfNeeded: i)]), compression: .store)
        }
        let summary = try writer.finish()
        #expect(summary.entries.count == count)

        let bytes = try Data(contentsOf: url)
        let zip64EndRecord = Data([0x50, 0x4B, 0x06, 0x06]), zip64Locator = Data([0x50, 0x4B, 0x06, 0x07])
        let tail = bytes.suffix(200)
        #expect(tail.range(of: zip64EndRecord) != nil && tail.range(of: zip64Locator) != nil)

        let entries = try ArchiveReader(contentsOf: url, limits: generous).entries()
        #expect(entries.count == count)
        #expect(entries.last?.path == "stages/\(count - 1).txt")
        #expect(entries.allSatisfy { $0.declaredSize == 1 })
    }
}
