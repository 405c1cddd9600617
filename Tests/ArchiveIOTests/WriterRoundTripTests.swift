import ArchiveIO
import Foundation
import Testing

/// Every writer format, read back through `ArchiveReader` with contents compared.
@Suite struct WriterRoundTripTests {
    @Test(arguments: ArchiveWriteOptions.writableFormats)
    func everyFormatRoundTripsThroughTheReader(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.\(format.rawValue)")
        try writeSample(to: url, ArchiveWriteOptions(format: format))
        #expect(try ArchiveReader(contentsOf: url).format == format)
        let read = try readBack(url)
        #expect(read.map(\.entry.path) == sampleEntries.map(\.path) + [sampleFolder])
        for (expected, actual) in zip(sampleEntries, read) {
            #expect(actual.entry.kind == .file)
            #expect(actual.data == expected.data, "\(expected.path)")
        }
        #expect(read.last?.entry.kind == .directory)
    }

    @Test func zipEntriesCanBeStoredOrDeflatedAtEachLevel() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("levels.zip")
        let text = sampleBytes(200_000, compressible: true), noise = sampleBytes(50_000, seed: 9)
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        try writer.add("stored.txt", data: text, compression: .store)
        for level in EntryCompression.deflateLevels {
            try writer.add("deflate-\(level).txt", data: text, compression: .deflate(level: level))
        }
        try writer.add("default.txt", data: text)
        try writer.add("noise.bin", data: noise, compression: .store)
        _ = try writer.finish()

        let entries = try ArchiveReader(contentsOf: url).entries()
        let compressed = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.compressedSize ?? -1) })
        #expect(compressed["stored.txt"] == Int64(text.count))
        #expect(compressed["noise.bin"] == Int64(noise.count))
        let one = try #require(compressed["deflate-1.txt"]), nine = try #require(compressed["deflate-9.txt"])
        #expect(nine <= one && one < Int64(text.count) / 10)
        #expect(compressed["default.txt"] == compressed["deflate-6.txt"], "default is level 6")
        for (entry, data) in try readBack(url) {
            #expect(data == (entry.path == "noise.bin" ? noise : text), "\(entry.path)")
        }
        let records = zipRecords(try Data(contentsOf: url))
        #expect(records.first { $0.name == "stored.txt" }?.method == 0)
        #expect(records.first { $0.name == "deflate-9.txt" }?.method == 8)
    }

    @Test func zipDefaultLevelComesFromTheOptions() throws {
        let scratch = try WriterScratch()
        let text = sampleBytes(200_000, compressible: true)
        var sizes: [Int: Int64] = [:]
        for level in [1, 9] {
            let url = scratch.file("level-\(level).zip")
            let options = ArchiveWriteOptions(format: .zip, compressionLevel: level)
            let writer = try ArchiveWriter(creating: url, options: options)
            try writer.add("plan.txt", data: text)
            _ = try writer.finish()
            sizes[level] = try ArchiveReader(contentsOf: url).entries().first?.compressedSize
            #expect(try ArchiveReader(contentsOf: url).data(of: "plan.txt") == text)
        }
        #expect(try #require(sizes[9]) < #require(sizes[1]))
    }

    @Test(arguments: [ArchiveFormat.tarGzip, .tarXz, .tarZstd])
    func tarFiltersRoundTripAtTheirLowestAndHighestLevels(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let levels = try #require(ArchiveWriteOptions.compressionLevels(for: format))
        for level in [levels.lowerBound, levels.upperBound] {
            let url = scratch.file("plan-\(level).\(format.rawValue)")
            try writeSample(to: url, ArchiveWriteOptions(format: format, compressionLevel: level))
            let read = try readBack(url)
            #expect(read.map(\.data).prefix(sampleEntries.count) == sampleEntries.map(\.data)[...])
        }
    }

    @Test func aesZipRoundTripsWithThePassword() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("sealed.zip")
        let options = ArchiveWriteOptions(format: .zip, password: "correct horse battery staple")
        let writer = try ArchiveWriter(creating: url, options: options)
        for entry in sampleEntries { try writer.add(entry.path, data: entry.data) }
        let producer = ChunkProducer(count: 5, size: 10_000)
        try writer.add("streamed.stl", size: nil, compression: .store, chunks: producer.next)
        _ = try writer.finish()

        let read = try readBack(url, password: options.password)
        #expect(read.map(\.entry.path) == sampleEntries.map(\.path) + ["streamed.stl"])
        #expect(read.allSatisfy { $0.entry.isEncrypted })
        #expect(read.map(\.data) == sampleEntries.map(\.data) + [producer.expected()])
        #expect(zipRecords(try Data(contentsOf: url)).allSatisfy { $0.method == 99 }, "WinZip AES method")
    }

    @Test func aesZipWithAWrongPasswordOrNoneIsRefused() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("sealed.zip")
        try writeSample(to: url, ArchiveWriteOptions(format: .zip, password: "right"))
        for (password, rule) in [("wrong", ArchiveError.Rule.wrongPassword), (nil, .encrypted)] {
            #expect {
                _ = try ArchiveReader(contentsOf: url, password: password).data(of: "plan.json")
            } throws: { error in
                (error as? ArchiveError)?.rule == rule
            }
        }
    }

    @Test func zipStreamsWithAndWithoutADeclaredSizeRoundTrip() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("streams.zip")
        let known = ChunkProducer(count: 3, size: 7000), unknown = ChunkProducer(count: 4, size: 5000)
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        try writer.add("known.stl", size: known.totalBytes, chunks: known.next)
        try writer.add("unknown.stl", size: nil, chunks: unknown.next)
        try writer.add("empty.stl", size: nil) { nil }
        let summary = try writer.finish()
        #expect(summary.entries.map(\.size) == [21_000, 20_000, 0])

        let read = try readBack(url)
        #expect(read.map(\.data) == [known.expected(), unknown.expected(), Data()])
        // An unknown size is written with a ZIP64 extra field (id 0x0001) in the local header.
        let records = zipRecords(try Data(contentsOf: url))
        #expect(records.first { $0.name == "known.stl" }?.localExtra.isEmpty == true)
        #expect(records.first { $0.name == "unknown.stl" }?.localExtra.prefix(2) == [0x01, 0x00])
    }

    @Test(arguments: ArchiveWriteOptions.writableFormats)
    func emptyArchivesReadBackEmpty(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("empty.\(format.rawValue)")
        _ = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format)).finish()
        #expect(try ArchiveReader(contentsOf: url).entries().isEmpty)
    }
}
