import ArchiveIO
import Foundation
import Testing

/// The parallel zip writer: whole entries produced and deflated on workers, written in add order,
/// a bounded window of them in flight, the same bytes whatever the thread count.
@Suite struct WriterParallelTests {
    /// Entries of every kind: whole data, produced (some stored), chunked with and without a size, a folder.
    private func writeMixed(to url: URL, concurrency: Int, window: Int? = nil) throws -> ArchiveWriteSummary {
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: concurrency, entryWindow: window))
        try writer.add("plan.json", data: sampleEntries[0].data)
        for i in 0..<12 {
            let compression: EntryCompression = i % 4 == 3 ? .store : .deflate(level: 1 + i % 9)
            try writer.add("stages/\(i).stl", size: i % 2 == 0 ? 40_000 : nil, compression: compression, produce: {
                sampleBytes(40_000, seed: UInt64(i + 5), compressible: i % 3 == 0)
            })
            if i == 5 {
                let chunks = ChunkProducer(count: 6, size: 10_000)
                try writer.add("streamed-known.bin", size: chunks.totalBytes, chunks: chunks.next)
                let unknown = ChunkProducer(count: 3, size: 7_000)
                try writer.add("streamed-unknown.bin", size: nil, chunks: unknown.next)
            }
        }
        try writer.addDirectory("reports")
        return try writer.finish()
    }

    @Test func oneWorkerAndFourWorkersWriteIdenticalBytes() throws {
        let scratch = try WriterScratch()
        let one = scratch.file("one.zip"), four = scratch.file("four.zip")
        _ = try writeMixed(to: one, concurrency: 1)
        _ = try writeMixed(to: four, concurrency: 4, window: 2)
        let a = try Data(contentsOf: one), b = try Data(contentsOf: four)
        #expect(a.count > 0)
        #expect(a == b)
    }

    @Test func everyEntryReadsBackThroughLibarchive() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("mixed.zip")
        let summary = try writeMixed(to: url, concurrency: 3)
        let read = try readBack(url)
        #expect(read.filter { $0.entry.kind == .file }.map(\.entry.path) == summary.entries.filter { !$0.isDirectory }.map(\.path))
        for i in 0..<12 {
            let entry = try #require(read.first { $0.entry.path == "stages/\(i).stl" })
            #expect(entry.data == sampleBytes(40_000, seed: UInt64(i + 5), compressible: i % 3 == 0), "stages/\(i).stl")
        }
        #expect(read.first { $0.entry.path == "streamed-known.bin" }?.data == ChunkProducer(count: 6, size: 10_000).expected())
        #expect(read.first { $0.entry.path == "streamed-unknown.bin" }?.data == ChunkProducer(count: 3, size: 7_000).expected())
    }

    /// The memory bound's mechanism: producers started minus entries written never exceeds the window.
    @Test(arguments: [1, 2, 4])
    func noMoreThanTheWindowOfEntriesIsAliveAtOnce(window: Int) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("window.zip")
        let counter = InFlightCounter()
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: 3, entryWindow: window))
        writer.onEntryWritten = { _ in counter.written() }
        for i in 0..<40 {
            try writer.add("stages/\(i).bin", compression: .deflate(level: 1), produce: {
                counter.started()
                return sampleBytes(20_000, seed: UInt64(i))
            })
        }
        let summary = try writer.finish()
        #expect(counter.peak <= window, "at most \(window) entries between produced and written, saw \(counter.peak)")
        #expect(summary.peakEntriesInFlight == window, "the window was filled (40 entries), not exceeded")
        #expect(summary.entries.count == 40)
    }

    @Test func theFirstFailingProducerInEntryOrderWinsAndNothingIsLeft() throws {
        struct Broken: Error, Equatable { let stage: Int }
        let scratch = try WriterScratch()
        let url = scratch.file("broken.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: 4))
        for i in 0..<20 {
            try writer.add("stages/\(i).bin", produce: {
                if i == 7 || i == 12 { throw Broken(stage: i) }
                return sampleBytes(30_000, seed: UInt64(i))
            })
        }
        #expect(throws: Broken(stage: 7)) { try writer.finish() }
        #expect(try scratch.names().isEmpty, "no archive, no temporary file")
    }

    @Test func aProducedEntryOfTheWrongSizeFailsWithSizeMismatch() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("size.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: 2))
        try writer.add("a.bin", size: 100, produce: { Data(count: 99) })
        #expect(throws: ArchiveWriteError(archive: url.path, entry: "a.bin", reason: .sizeMismatch(declared: 100, produced: 99))) {
            try writer.finish()
        }
        #expect(try scratch.names().isEmpty)
    }

    @Test func producedEntriesWorkInTarAndEncryptedZipToo() throws {
        let scratch = try WriterScratch()
        for options in [ArchiveWriteOptions(format: .tarGzip), ArchiveWriteOptions(format: .zip, password: "pw")] {
            let url = scratch.file("produced.\(options.format.rawValue)")
            let writer = try ArchiveWriter(creating: url, options: options)
            try writer.add("a.bin", size: 5_000, produce: { sampleBytes(5_000, seed: 9) })
            _ = try writer.finish()
            let read = try readBack(url, password: options.password)
            #expect(read.map(\.data) == [sampleBytes(5_000, seed: 9)])
        }
    }

    @Test func anInMemoryZipHasTheBytesTheFileWriterWrites() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("file.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        var memory = try InMemoryZip(name: "inner.zip")
        for entry in sampleEntries {
            try writer.add(entry.path, data: entry.data)
            try memory.add(entry.path, data: entry.data)
        }
        _ = try writer.finish()
        #expect(try memory.bytes() == (try Data(contentsOf: url)))
        #expect(throws: ArchiveWriteError(archive: "inner.zip", entry: "plan.json", reason: .duplicateEntry)) {
            try memory.add("plan.json", data: Data())
        }
    }

    @Test func aStreamWithoutASizeGetsZip64LocalSizesAndReadsBack() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("unknown.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        let chunks = ChunkProducer(count: 4, size: 50_000)
        try writer.add("stream.bin", size: nil, chunks: chunks.next)
        _ = try writer.finish()
        let bytes = [UInt8](try Data(contentsOf: url))
        // Local header: sizes all ones, a 20-byte ZIP64 extra (tag 1, 16 bytes) holding both real sizes.
        #expect(bytes[18..<26].allSatisfy { $0 == 0xFF })
        #expect(bytes[28] == 20 && bytes[30 + 10] == 1 && bytes[30 + 12] == 16)
        let original = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[30 + 14 + $1]) << (8 * UInt64($1)) }
        #expect(original == 200_000)
        #expect(try readBack(url).map(\.data) == [chunks.expected()])
    }

    @Test func aWindowOrConcurrencyBelowOneIsRefused() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("x.zip")
        #expect(throws: ArchiveWriteError(archive: url.path, reason: .invalidConcurrency(0))) {
            try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: 0))
        }
    }
}

/// Counts entries between "producer started" and "written", from any thread.
final class InFlightCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var alive = 0
    private(set) var peak = 0

    func started() {
        lock.withLock {
            alive += 1
            peak = max(peak, alive)
        }
    }

    func written() { lock.withLock { alive -= 1 } }
}
