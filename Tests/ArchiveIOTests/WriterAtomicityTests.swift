import ArchiveIO
import Foundation
import Testing

/// Nothing half-written is ever left: failures, cancellation and existing targets.
@Suite struct WriterAtomicityTests {
    @Test(arguments: ArchiveWriteOptions.writableFormats)
    func aProducerThatThrowsMidwayFailsFinishWithItsErrorAndLeavesNothing(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.\(format.rawValue)")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format))
        try writer.add("first.bin", data: sampleBytes(50_000))
        let producer = ChunkProducer(count: 10, size: 64 * 1024, failAfter: 3)
        try writer.add("stage.stl", size: producer.totalBytes, chunks: producer.next)
        try writer.add("last.bin", data: sampleBytes(10))
        #expect(throws: ChunkProducer.Failure(afterChunks: 3)) { try writer.finish() }
        #expect(producer.calls == 4, "three chunks, then the throwing call")
        #expect(try scratch.names().isEmpty, "no archive, no temporary file")
        #expect(throws: ArchiveWriteError(archive: url.path, reason: .writerClosed)) { try writer.finish() }
    }

    @Test(arguments: [ArchiveFormat.zip, .tarZstd])
    func taskCancellationBetweenChunksFailsWithCancelledAndLeavesNothing(format: ArchiveFormat) async throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.\(format.rawValue)")
        let task = Task { () throws -> ArchiveWriteSummary in
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format))
            var calls = 0
            try writer.add("stage.stl", size: 100 * 1024) {
                calls += 1
                if calls == 3 { withUnsafeCurrentTask { $0?.cancel() } }  // as if the user pressed cancel now
                return calls <= 100 ? Data(repeating: 7, count: 1024) : nil
            }
            return try writer.finish()
        }
        let result = await task.result
        #expect(throws: ArchiveWriteError(archive: url.path, entry: "stage.stl", reason: .cancelled)) { try result.get() }
        #expect(try scratch.names().isEmpty)
    }

    @Test func finishInAnAlreadyCancelledTaskWritesNothing() async throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.zip")
        let task = Task { () throws -> ArchiveWriteSummary in
            withUnsafeCurrentTask { $0?.cancel() }
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
            try writer.add("a.txt", data: Data("a".utf8))
            return try writer.finish()
        }
        let result = await task.result
        #expect(throws: ArchiveWriteError(archive: url.path, reason: .cancelled)) { try result.get() }
        #expect(try scratch.names().isEmpty)
    }

    @Test func cancelIsIdempotentClosesTheWriterAndWritesNothing() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.tar.gz")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .tarGzip))
        try writer.add("a.txt", data: Data("a".utf8))
        writer.cancel()
        writer.cancel()
        #expect(throws: ArchiveWriteError(archive: url.path, entry: "b.txt", reason: .writerClosed)) {
            try writer.add("b.txt", data: Data())
        }
        #expect(throws: ArchiveWriteError(archive: url.path, reason: .writerClosed)) { try writer.finish() }
        #expect(try scratch.names().isEmpty)
    }

    @Test func releasingAnUnfinishedWriterWritesNothing() throws {
        let scratch = try WriterScratch()
        do {
            let writer = try ArchiveWriter(creating: scratch.file("plan.zip"), options: ArchiveWriteOptions(format: .zip))
            try writer.add("a.txt", data: Data("a".utf8))
        }
        #expect(try scratch.names().isEmpty)
    }

    @Test func anExistingTargetIsRefusedAndLeftUntouched() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.zip")
        try Data("keep me".utf8).write(to: url)
        #expect(throws: ArchiveWriteError(archive: url.path, reason: .targetExists)) {
            try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        }
        #expect(try Data(contentsOf: url) == Data("keep me".utf8))
    }

    @Test func aTargetThatAppearsBeforeFinishIsNotReplaced() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.tar")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .tar))
        try writer.add("a.txt", data: Data("a".utf8))
        try Data("someone else's".utf8).write(to: url)
        #expect(throws: ArchiveWriteError(archive: url.path, reason: .targetExists)) { try writer.finish() }
        #expect(try Data(contentsOf: url) == Data("someone else's".utf8))
        #expect(try scratch.names() == ["plan.tar"], "temporary file removed")
    }

    @Test(arguments: [ArchiveFormat.zip, .tarXz])
    func overwriteReplacesTheTargetOnlyWhenComplete(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.\(format.rawValue)")
        try Data("old".utf8).write(to: url)

        let failing = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format), overwrite: true)
        let producer = ChunkProducer(count: 4, size: 1000, failAfter: 2)
        try failing.add("a.bin", size: producer.totalBytes, chunks: producer.next)
        #expect(throws: ChunkProducer.Failure(afterChunks: 2)) { try failing.finish() }
        #expect(try Data(contentsOf: url) == Data("old".utf8), "a failed write keeps the old file")

        let summary = try writeSample(to: url, ArchiveWriteOptions(format: format), overwrite: true)
        #expect(summary.archiveBytes == Int64(try Data(contentsOf: url).count))
        #expect(try scratch.names() == ["plan.\(format.rawValue)"])
    }

    @Test(arguments: ArchiveWriteOptions.writableFormats)
    func aStreamShorterOrLongerThanDeclaredFailsWithSizeMismatch(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.\(format.rawValue)")
        for (declared, expectedProduced) in [(Int64(5000), Int64(4000)), (Int64(2500), Int64(3000))] {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format))
            let producer = ChunkProducer(count: 4, size: 1000)
            try writer.add("mesh.stl", size: declared, chunks: producer.next)
            let expected = ArchiveWriteError(archive: url.path, entry: "mesh.stl",
                                             reason: .sizeMismatch(declared: declared, produced: expectedProduced))
            #expect(throws: expected) { try writer.finish() }
            #expect(try scratch.names().isEmpty)
        }
    }

    @Test func aMissingFolderIsReportedUpFront() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("no-such-folder/plan.zip")
        #expect {
            try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        } throws: { error in
            guard let error = error as? ArchiveWriteError, case .io(let why) = error.reason else { return false }
            return why.contains("does not exist")
        }
    }

    @Test func summaryReportsEntriesSizesAndTheFile() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.tar.gz")
        let summary = try writeSample(to: url, ArchiveWriteOptions(format: .tarGzip))
        #expect(summary.url.lastPathComponent == "plan.tar.gz")
        #expect(summary.format == .tarGzip)
        #expect(summary.entries.map(\.path) == sampleEntries.map(\.path) + [sampleFolder])
        #expect(summary.entries.last?.isDirectory == true)
        #expect(summary.contentBytes == Int64(sampleEntries.reduce(0) { $0 + $1.data.count }))
        #expect(summary.archiveBytes == Int64(try Data(contentsOf: url).count))
    }
}
