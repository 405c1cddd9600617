import ArchiveIO
import Digest
import Foundation
import Testing

/// The unencrypted zip writer hashes the archive as it writes it, so exports need no second pass.
@Suite struct WriterDigestTests {
    private func hashOfFile(_ url: URL) throws -> String {
        SHA256.hex([UInt8](try Data(contentsOf: url)))
    }

    @Test func producedAndWholeEntriesGiveTheFilesHash() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("hashed.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: 2))
        try writer.add("a.json", data: Data("{\"a\": 1}".utf8))
        for i in 0..<6 {
            try writer.add("stages/\(i).bin", size: 30_000, compression: .deflate(level: 6), produce: {
                sampleBytes(30_000, seed: UInt64(i + 1), compressible: i % 2 == 0)
            })
        }
        try writer.addDirectory("empty")
        let summary = try writer.finish()
        let digest = try #require(summary.sha256)
        #expect(digest == (try hashOfFile(url)))
        #expect(digest.count == 64)
    }

    /// A chunked entry's header is patched after its data: the running hash is void, and none is claimed.
    @Test func aPatchedHeaderVoidsTheRunningHash() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("patched.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        let chunks = ChunkProducer(count: 3, size: 5_000)
        try writer.add("streamed.bin", size: chunks.totalBytes, chunks: chunks.next)
        #expect(try writer.finish().sha256 == nil)
    }

    @Test func tarClaimsNoHash() throws {
        let scratch = try WriterScratch()
        let writer = try ArchiveWriter(creating: scratch.file("t.tar.gz"), options: ArchiveWriteOptions(format: .tarGzip))
        try writer.add("a.txt", data: Data("a".utf8))
        #expect(try writer.finish().sha256 == nil)
    }
}
