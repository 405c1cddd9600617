import ArchiveIO
import Foundation
import Testing

/// At most one compression layer: a stream inside a compressed stream is refused at open, before
/// libarchive stacks a filter for it, with an error naming the layers.
struct NestedCompressionTests {
    private func refusal(_ data: Data, _ name: String) throws -> ArchiveError {
        try #require(throws: ArchiveError.self) { try ArchiveReader(data: data, name: name) }
    }

    @Test func oneLayerOfEachFilterStillReads() throws {
        let tar = smallTar()
        for (data, format) in [(gzipStored(tar), ArchiveFormat.tarGzip), (xzStored(tar), .tarXz), (zstdRawFrame(tar), .tarZstd),
                               (tinyTarBz2, .tarBzip2)] {
            let reader = try ArchiveReader(data: data, name: "one.\(format.rawValue)")
            #expect(reader.format == format)
            #expect(try reader.entries().count == 1)
        }
    }

    @Test func gzipOfGzipOfTarNamesEveryLayer() throws {
        let error = try refusal(gzipStored(gzipStored(smallTar())), "twice.tar.gz.gz")
        #expect(error.rule == .nestedCompression)
        #expect(error.archive == "twice.tar.gz.gz")
        #expect(error.detail.hasPrefix("gzip containing gzip containing tar"))
    }

    @Test func bzip2InsideGzipIsRefused() throws {
        let error = try refusal(gzipStored(tinyTarBz2), "bz2.gz")
        #expect(error.rule == .nestedCompression)
        #expect(error.detail.hasPrefix("gzip containing bzip2 containing tar"))
    }

    @Test func everyEnabledFilterIsJudgedAsOuterAndInnerLayer() throws {
        let tar = smallTar()
        let cases: [(Data, String)] = [
            (zstdRawFrame(gzipStored(tar)), "zstd containing gzip containing tar"),
            (xzStored(zstdRawFrame(tar)), "xz containing zstd containing tar"),
            (gzipStored(xzStored(tar)), "gzip containing xz containing tar"),
            (xzStored(tinyTarBz2), "xz containing bzip2 containing tar"),
            (gzipStored(gzipStored(gzipStored(gzipStored(tar)))), "gzip containing gzip containing gzip containing gzip containing …"),
        ]
        for (data, layers) in cases {
            let error = try refusal(data, "nested")
            #expect(error.rule == .nestedCompression, "\(layers)")
            #expect(error.detail.hasPrefix(layers), "\(error.detail)")
        }
    }

    @Test func gzipWhoseHeadIsAGzipHeaderIsRefused() throws {
        // Only the first bytes look like gzip; what follows is no valid stream at all.
        let head = Data([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF]) + Data((0..<600).map { UInt8(truncatingIfNeeded: $0 * 37) })
        let error = try refusal(gzipStored(head), "head.gz")
        #expect(error.rule == .nestedCompression)
        #expect(error.detail.hasPrefix("gzip containing gzip"))
    }

    @Test func selfReproducingGzipIsRefusedAtOpen() throws {
        let quine = selfReproducingGzip()
        #expect(quine.count == 200)
        // It really is a quine: one layer of stored/fixed-Huffman deflate gives back the file itself.
        #expect(crc32(quine) == quine.subdata(in: quine.count - 8..<quine.count - 4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
        let error = try refusal(quine, "quine.gz")
        #expect(error.rule == .nestedCompression)
        #expect(error.detail.hasPrefix("gzip containing gzip containing gzip containing gzip containing …"))
        #expect(error.description.hasPrefix("quine.gz: nested compression: gzip containing gzip"))
    }

    @Test func aTarWhoseFirstEntryIsNamedLikeAMagicNumberStillReads() throws {
        // "BZh" followed by a non-digit is no bzip2 stream: only the full magic counts.
        var tar = TarBuilder()
        tar.add("BZhx.txt", Data("not bzip2".utf8))
        let reader = try ArchiveReader(data: gzipStored(tar.finished()), name: "magic-name.tar.gz")
        #expect(try reader.entries().map(\.path) == ["BZhx.txt"])
    }
}
