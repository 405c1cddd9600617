import ArchiveIO
import Foundation
import Testing

/// What one way of reading an archive gave: every file's bytes, or the error (rule and entry).
enum ReadOutcome: Equatable, CustomStringConvertible {
    case files([String: Data])
    case refused(ArchiveError.Rule, entry: String?)

    var description: String {
        switch self {
        case .files(let files): "\(files.count) files"
        case .refused(let rule, let entry): "refused: \(rule) at \(entry ?? "-")"
        }
    }
}

func outcome(_ body: () throws -> [String: Data]) -> ReadOutcome {
    do { return .files(try body()) } catch let error as ArchiveError {
        return .refused(error.rule, entry: error.entry)
    } catch {
        return .refused(.unreadable, entry: "not an ArchiveError: \(error)")
    }
}

/// The libarchive streaming pass, the reference every concurrent read must agree with.
func sequential(_ reader: ArchiveReader) -> ReadOutcome {
    outcome {
        var files: [String: Data] = [:]
        try reader.forEachEntry { entry, stream in
            if entry.kind == .file { files[entry.path] = try stream.readAll() }
        }
        return files
    }
}

/// Files handed over by `forEachEntryConcurrently`, collected under a lock.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: Data] = [:]
    func add(_ path: String, _ data: Data) { lock.withLock { files[path] = data } }
    var all: [String: Data] { lock.withLock { files } }
}

func concurrent(_ reader: ArchiveReader, workers: Int = 4) -> (ReadOutcome, ConcurrentReadSummary?) {
    var summary: ConcurrentReadSummary?
    let result = outcome {
        let collected = Collected()
        summary = try reader.forEachEntryConcurrently(workers: workers) { entry, data in collected.add(entry.path, data) }
        return collected.all
    }
    return (result, summary)
}

func verified(_ reader: ArchiveReader) -> ReadOutcome {
    outcome {
        _ = try reader.verify(workers: 4)
        return [:]
    }
}

/// The same outcome, ignoring the bytes (verification keeps none).
func sameVerdict(_ a: ReadOutcome, _ b: ReadOutcome) -> Bool {
    switch (a, b) {
    case (.files, .files): true
    default: a == b
    }
}

private let openable: [(folder: String, file: String, password: String?)] =
    Corpus.files(in: "valid").filter { !$0.hasPrefix("LICENSE") }
        .map { ("valid", $0, $0 == "TestDataEncryptedAES.zip" ? "TestData" : nil) }
    + Corpus.files(in: "hostile").filter { name in !name.hasPrefix("LICENSE") && !hostileCases.contains { $0.file == name && $0.atOpen } }
        .map { ("hostile", $0, nil) }

/// Valid zips our own writer makes, read beside the corpus: these must take the parallel path.
private let writerZips: [(name: String, options: ArchiveWriteOptions, compression: EntryCompression?)] = [
    ("writer/deflate.zip", ArchiveWriteOptions(format: .zip), nil),
    ("writer/stored.zip", ArchiveWriteOptions(format: .zip), .store),
    ("writer/parallel.zip", ArchiveWriteOptions(format: .zip, concurrency: 2), nil),
]

/// Writes `sampleEntries` (in a folder too) as `name` of `writerZips` into `scratch`.
private func writerZip(_ name: String, in scratch: WriterScratch) throws -> URL? {
    guard let spec = writerZips.first(where: { $0.name == name }) else { return nil }
    let url = scratch.file(URL(fileURLWithPath: name).lastPathComponent)
    let writer = try ArchiveWriter(creating: url, options: spec.options)
    try writer.addDirectory("stages")
    for entry in sampleEntries {
        try writer.add(entry.path, data: entry.data, compression: spec.compression)
        try writer.add("stages/" + entry.path, data: entry.data, compression: spec.compression)
    }
    _ = try writer.finish()
    return url
}

/// Reads `file` (corpus-relative, or one of `writerZips`) both ways; the summary is the concurrent read's.
private func agreement(_ file: String, scratch: WriterScratch) throws -> (reference: ReadOutcome, parallel: ReadOutcome, summary: ConcurrentReadSummary?) {
    let url = try writerZip(file, in: scratch) ?? Corpus.archives.appendingPathComponent(file)
    let password = openable.first { "\($0.folder)/\($0.file)" == file }?.password
    let reader = try ArchiveReader(contentsOf: url, limits: corpusLimits, password: password)
    let reference = sequential(reader)
    let (parallel, summary) = concurrent(reader)
    #expect(parallel == reference, "\(file): concurrent: \(parallel), streaming: \(reference)")
    #expect(sameVerdict(verified(reader), reference), "\(file): verify disagrees")
    return (reference, parallel, summary)
}

/// Corpus zips the parallel path reads today; a change that sends one of them to libarchive shows here.
private let corpusZipsReadInParallel: Set<String> = [
    "valid/TestData.zip", "valid/testExtractMSDOSArchive.zip", "valid/testExtractUncompressedZIP64Entries.zip",
    "hostile/testCorruptFileErrorConditions.zip", "hostile/TestDataCorrupt.tar.zip",
    // WinZip AES with its password: every entry decrypted on a worker (ConcurrentReaderAESTests).
    "valid/TestDataEncryptedAES.zip",
]

@Suite("Concurrent reading")
struct ConcurrentReaderTests {
    @Test(arguments: openable.map { "\($0.folder)/\($0.file)" } + writerZips.map(\.name))
    func agreesWithTheStreamingReaderOnEveryCorpusFile(_ file: String) throws {
        let scratch = try WriterScratch()
        let (_, parallel, summary) = try agreement(file, scratch: scratch)
        if file.hasPrefix("writer/") { #expect(summary?.parallel == true, "\(file) was not read in parallel") }
        if let expected = hostileCases.first(where: { file == "hostile/\($0.file)" }) {
            guard case .refused(let rule, let entry) = parallel else {
                Issue.record("\(file) was accepted")
                return
            }
            #expect(rule == expected.rule)
            if let suffix = expected.entrySuffix { #expect(entry?.hasSuffix(suffix) == true) }
        }
    }

    /// Which files took the parallel path, over the whole corpus and our writer's zips: the agreement
    /// above proves something only if the parallel path actually ran.
    @Test func theParallelPathIsExercisedByTheAgreementTest() throws {
        let scratch = try WriterScratch()
        var readInParallel: Set<String> = []
        for file in openable.map({ "\($0.folder)/\($0.file)" }) + writerZips.map(\.name) {
            if try agreement(file, scratch: scratch).summary?.parallel == true { readInParallel.insert(file) }
        }
        #expect(readInParallel == Set(writerZips.map(\.name)).union(corpusZipsReadInParallel),
                "read in parallel: \(readInParallel.sorted())")
    }

    @Test func writerZipsAreReadInParallelWithIdenticalBytes() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("sample.zip")
        try writeSample(to: url, ArchiveWriteOptions(format: .zip))
        let reader = try ArchiveReader(contentsOf: url)
        let (parallel, summary) = concurrent(reader)
        #expect(summary?.parallel == true)
        #expect(parallel == sequential(reader))
        #expect(parallel == .files(Dictionary(uniqueKeysWithValues: sampleEntries.map { ($0.path, $0.data) })))
        let floor = try reader.verify()
        #expect(floor.parallel && floor.files == sampleEntries.count)
        #expect(floor.bytes == Int64(sampleEntries.reduce(0) { $0 + $1.data.count }))
    }

    @Test func zip64WriterArchiveOfManyEntriesIsReadInParallel() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("many.zip")
        let count = 70_000
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for i in 0..<count {
            try writer.add("stages/\(i).txt", data: Data([UInt8(truncatingIfNeeded: i)]), compression: .store)
        }
        _ = try writer.finish()
        let reader = try ArchiveReader(contentsOf: url, limits: ArchiveLimits(maxEntries: 100_000))
        let summary = try reader.verify()
        #expect(summary.parallel && summary.files == count && summary.bytes == Int64(count))
        let (parallel, _) = concurrent(reader)
        guard case .files(let files) = parallel else {
            Issue.record("\(parallel)")
            return
        }
        #expect(files.count == count)
        #expect(files["stages/69999.txt"] == Data([UInt8(truncatingIfNeeded: 69_999)]))
    }

    /// The memory bound's mechanism: however many entries and workers, no more entries' bytes are alive
    /// at once than there are workers (each holds one entry from inflation until its consumer returns).
    @Test(arguments: [1, 2, 3])
    func noMoreEntriesInFlightThanWorkers(_ workers: Int) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("stages.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for i in 0..<40 { try writer.add("stage-\(i).stl", data: sampleBytes(50_000 + i, seed: UInt64(i + 1), compressible: true)) }
        _ = try writer.finish()
        let reader = try ArchiveReader(contentsOf: url)
        let summary = try reader.forEachEntryConcurrently(workers: workers) { _, _ in Thread.sleep(forTimeInterval: 0.002) }
        #expect(summary.files == 40)
        #expect(summary.peakEntriesInFlight >= 1 && summary.peakEntriesInFlight <= workers)
    }

    @Test func streamedArchivesBoundTheQueueToo() throws {
        let reader = try ArchiveReader(contentsOf: Corpus.valid("TestData.tar.gz"))
        let summary = try reader.forEachEntryConcurrently(workers: 2) { _, _ in Thread.sleep(forTimeInterval: 0.005) }
        #expect(!summary.parallel)
        #expect(summary.peakEntriesInFlight <= 2 * 2 + 1)
    }

    @Test func damagedDataIsRefusedLikeTheStreamingReaderDoesAndNamesTheEntry() throws {
        var zip = ZipBuilder()
        zip.addStored("a.txt", Data("first".utf8))
        let deflated = deflateFixedHuffman(prefix: Data("abc".utf8), zeros: 10_000)
        let content = Data("abc".utf8) + Data(count: 10_000)
        zip.addDeflated("b.bin", deflated: deflated, claimedSize: UInt32(content.count), claimedCRC: crc32(content) ^ 1)
        zip.addDeflated("c.bin", deflated: deflated.prefix(deflated.count / 2), claimedSize: UInt32(content.count), claimedCRC: crc32(content))
        zip.addDeflated("d.bin", deflated: deflated, claimedSize: UInt32(content.count + 1), claimedCRC: crc32(content))
        let bytes = zip.finished()
        let reader = try ArchiveReader(data: bytes, name: "damaged.zip")
        let (parallel, summary) = concurrent(reader)
        #expect(summary == nil)
        #expect(parallel == .refused(.badChecksum, entry: "b.bin"))
        #expect(parallel == sequential(reader))

        // Each damage on its own, against the streaming reader.
        for (name, rule) in [("c.bin", ArchiveError.Rule.truncated), ("d.bin", .unreadable)] {
            var single = ZipBuilder()
            single.addStored("a.txt", Data("first".utf8))
            let entry = try #require(zip.entries.first { String(decoding: $0.name, as: UTF8.self) == name })
            single.addDeflated(name, deflated: entry.data, claimedSize: entry.uncompressedSize, claimedCRC: entry.crc)
            let damaged = try ArchiveReader(data: single.finished(), name: "\(name).zip")
            #expect(concurrent(damaged).0 == .refused(rule, entry: name))
            #expect(concurrent(damaged).0 == sequential(damaged))
        }
    }

    @Test func limitsAreCountedOnTheInflatedBytesAndTheFirstFailureInArchiveOrderWins() throws {
        var zip = ZipBuilder()
        let deflated = deflateFixedHuffman(zeros: 3 << 20)  // 3 MiB of zeros, about 160:1
        let zeros = Data(count: 3 << 20)
        for i in 0..<12 { zip.addDeflated("stage-\(i).bin", deflated: deflated, claimedSize: 10, claimedCRC: crc32(zeros)) }
        let bytes = zip.finished()
        // Headers claim 10 bytes: the per-entry cap must still stop at the first byte past it.
        let small = ArchiveLimits(maxEntryBytes: 1 << 20, maxCompressionRatio: 1000)
        let reader = try ArchiveReader(data: bytes, name: "claims.zip", limits: small)
        for _ in 0..<3 { #expect(concurrent(reader).0 == .refused(.entryTooLarge, entry: "stage-0.bin")) }
        #expect(concurrent(reader).0 == sequential(reader))

        var honest = ZipBuilder()
        for i in 0..<12 { honest.addDeflated("stage-\(i).bin", deflated: deflated, claimedSize: UInt32(3 << 20), claimedCRC: crc32(zeros)) }
        let total = ArchiveLimits(maxTotalBytes: 10 << 20, maxCompressionRatio: 1000)
        let totalReader = try ArchiveReader(data: honest.finished(), name: "total.zip", limits: total)
        for _ in 0..<3 { #expect(concurrent(totalReader).0 == .refused(.totalTooLarge, entry: "stage-3.bin")) }
        #expect(concurrent(totalReader).0 == sequential(totalReader))
        #expect(verified(totalReader) == .refused(.totalTooLarge, entry: "stage-3.bin"))

        let ratio = try ArchiveReader(data: honest.finished(), name: "ratio.zip", limits: ArchiveLimits(maxCompressionRatio: 100))
        #expect(concurrent(ratio).0 == .refused(.compressionRatio, entry: "stage-0.bin"))
        #expect(concurrent(ratio).0 == sequential(ratio))
    }

    @Test func theConsumersFirstFailureInArchiveOrderIsThrown() throws {
        struct Refused: Error, Equatable { let path: String }
        let scratch = try WriterScratch()
        let url = scratch.file("stages.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for i in 0..<30 { try writer.add(String(format: "stage-%02d.stl", i), data: sampleBytes(20_000, seed: UInt64(i + 1))) }
        _ = try writer.finish()
        let reader = try ArchiveReader(contentsOf: url)
        for _ in 0..<3 {
            #expect(throws: Refused(path: "stage-07.stl")) {
                try reader.forEachEntryConcurrently(workers: 3) { entry, _ in
                    if entry.path >= "stage-07.stl" { throw Refused(path: entry.path) }
                }
            }
        }
    }
}
