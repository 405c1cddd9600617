import ArchiveIO
import Foundation
import Testing

/// Segments deflated apart and joined (`DeflateSegment`, `DeflatedStream.joining`) must make one standard
/// deflate stream: read back by libarchive (streaming, zlib) and by the concurrent reader (libdeflate
/// whole, then zlib for its diagnosis), with the joined CRC and size.
@Suite struct DeflateSegmentTests {
    /// Writes `stream` as the one entry of an in-memory zip and reads it back both ways.
    private func readBoth(_ stream: DeflatedStream) throws -> (streamed: Data, whole: Data) {
        var zip = try InMemoryZip(name: "joined.zip")
        try zip.add("joined.bin", deflated: stream)
        let scratch = try WriterScratch()
        let url = scratch.file("joined.zip")
        try zip.bytes().write(to: url)
        let streamed = try readBack(url).first?.data ?? Data()
        let whole = LockedData()
        _ = try ArchiveReader(contentsOf: url).forEachEntryConcurrently { _, data in whole.set(data) }
        return (streamed, whole.value)
    }

    @Test func joinedPiecesInflateToTheirConcatenationAtEveryPaddingWidth() throws {
        // Lengths from 0 up, noise and text: the last block ends at every bit position across the cases.
        var pieces: [Data] = []
        for n in [0, 1, 2, 3, 5, 8, 13, 100, 257, 1000, 4097, 70_000] {
            pieces.append(sampleBytes(n, seed: UInt64(n) + 1))
            pieces.append(sampleBytes(n, compressible: true))
        }
        for i in pieces.indices {
            let segments = try pieces[..<i].map { try DeflateSegment($0, level: 6, archive: "a.zip", entry: "joined.bin") }
            let last = pieces[i]
            let joined = try DeflatedStream.joining(segments, last: last, level: 6, archive: "a.zip", entry: "joined.bin")
            let expected = pieces[..<i].reduce(Data(), +) + last
            #expect(joined.size == Int64(expected.count))
            let read = try readBoth(joined)
            #expect(read.streamed == expected)
            #expect(read.whole == expected)
        }
    }

    @Test func everyPaddingWidthIsExercised() throws {
        // The padding after a segment's last bit is 0…7 bits; lengths 1…400 of text reach each width.
        var widths = Set<Int>()
        for n in 1...400 {
            let data = sampleBytes(n, seed: UInt64(n), compressible: n % 2 == 0)
            let segment = try DeflateSegment(data, level: 6, archive: "a.zip", entry: "e")
            let whole = [UInt8](try InMemoryZipProbe.deflated(data))
            // The segment is libdeflate's stream, its BFINAL bit cleared, plus 0, 4 or 5 bytes of stored-block end.
            let extra = segment.bytes.count - whole.count
            #expect([0, 4, 5].contains(extra))
            widths.insert(extra)
            let joined = try DeflatedStream.joining([segment], last: Data("end".utf8), level: 6, archive: "a.zip", entry: "e")
            #expect(try readBoth(joined).whole == data + Data("end".utf8))
        }
        #expect(widths == [0, 4, 5])
    }

    @Test func theJoinedStreamDependsOnlyOnThePieces() throws {
        let a = sampleBytes(50_000, compressible: true), b = sampleBytes(30_000, seed: 4)
        let one = try DeflatedStream.joining([DeflateSegment(a, level: 6, archive: "x", entry: "e")], last: b, level: 6, archive: "x", entry: "e")
        let two = try DeflatedStream.joining([DeflateSegment(a, level: 6, archive: "y", entry: "f")], last: b, level: 6, archive: "y", entry: "f")
        #expect(one == two)
        #expect(one.crc == crc32(a + b))
    }
}

/// The concurrent reader's body runs on a worker: the entry's bytes are kept under a lock.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    var value: Data { lock.withLock { data } }
    func set(_ d: Data) { lock.withLock { data = d } }
}

/// libdeflate's whole stream for `data`, as a one-entry in-memory zip stores it (read from that zip's bytes).
private enum InMemoryZipProbe {
    static func deflated(_ data: Data) throws -> Data {
        var zip = try InMemoryZip(name: "probe.zip")
        try zip.add("p", data: data, compression: .deflate(level: 6))
        let bytes = try zip.bytes()
        // Local header: 30 bytes + name (1) + no extra; compressed size at offset 18.
        let compressed = Int(bytes[18]) | Int(bytes[19]) << 8 | Int(bytes[20]) << 16 | Int(bytes[21]) << 24
        return bytes.subdata(in: 31..<(31 + compressed))
    }
}
