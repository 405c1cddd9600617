import ArchiveIO
import Foundation
import Gateway
import SampleCases
import Testing
@testable import PerformanceBench

/// The floor reads back what an archive carries (3MF parts, not their stored zip), and the runner runs
/// the real adapters. Serialized: both reset the process's memory high-water mark.
@Suite(.serialized) struct FloorAndRunnerTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theFloorCountsEveryPayloadByteAndTheInnerPartsOfA3MF() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stl = RawDeflateTests.sample(200_000, seed: 1)
        let model = RawDeflateTests.sample(150_000, seed: 2)
        let notes = Data("a small text entry\n".utf8)
        let threeMF = dir.appendingPathComponent("inner.3mf")
        let inner = try ArchiveWriter(creating: threeMF, options: ArchiveWriteOptions(format: .zip))
        try inner.add("3D/3dmodel.model", data: model)
        _ = try inner.finish()
        let outer = dir.appendingPathComponent("case.zip")
        let writer = try ArchiveWriter(creating: outer, options: ArchiveWriteOptions(format: .zip))
        try writer.add("README.txt", data: notes, compression: .deflate(level: 6))
        try writer.add("upper/stage-00.stl", data: stl, compression: .deflate(level: 6))
        try writer.add("upper/stage-00.3mf", data: try Data(contentsOf: threeMF), compression: .store)
        _ = try writer.finish()

        let floor = try CompressionFloor.measure(outer, level: 6, threads: 2)
        #expect(floor.entries == 3)
        #expect(floor.payloadBytes == Int64(stl.count + model.count + notes.count))
        #expect(floor.meshBytes == Int64(stl.count + model.count))
        #expect(floor.compressedBytes > 0 && floor.compressedBytes < floor.payloadBytes)
        #expect(floor.level == 6)
        #expect(floor.deflateCPUSeconds > 0 && floor.inflateCPUSeconds > 0)
        // The libdeflate floor deflated and round-tripped (size and CRC checked) the same payload.
        #expect(floor.libdeflateCompressedBytes > 0 && floor.libdeflateCompressedBytes < floor.payloadBytes)
        #expect(floor.libdeflateCPUSeconds > 0 && floor.libinflateCPUSeconds > 0)
    }

    @Test func theFloorLevelIsTheDescriptorsAndTheTargetsAreTheIssues() throws {
        let runner = BenchRunner(registry: try Registry.standard(), folder: FileManager.default.temporaryDirectory)
        #expect(try runner.deflateLevel("generic-stl") == 6)
        #expect(try runner.deflateLevel("print-3mf") == ArchiveWriteOptions.defaultCompressionLevel(for: .zip))
        #expect(BenchRunner.target(.export, "generic-stl") == 0.5 && BenchRunner.target(.intake, "generic-stl") == 0.5)
        #expect(BenchRunner.target(.export, "print-3mf") == 0.6 && BenchRunner.target(.intake, "print-3mf") == 1.5)
        #expect(BenchRunner.target(.export, "dicom-stl") == BenchRunner.exportTarget)
    }

    @Test func batchesStayWithinTheirBound() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("many.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for i in 0..<10 { try writer.add("m\(i).stl", data: Data(repeating: UInt8(i), count: 1000)) }
        _ = try writer.finish()
        var sizes: [Int] = []
        try ArchivePayload.forEachBatch(url, maxEntries: 4, maxBytes: 1 << 20) { sizes.append($0.count) }
        #expect(sizes == [4, 4, 2])
        sizes = []
        try ArchivePayload.forEachBatch(url, maxEntries: 100, maxBytes: 2500) { sizes.append($0.count) }
        #expect(sizes == [3, 3, 3, 1])
    }

    @Test func aSmallCaseRunsEveryPhaseThroughTheRegistry() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = BenchRunner(registry: try Registry.standard(), folder: dir)
        let run = try runner.run(BenchPlan(sample: SampleOptions(preset: .reference, stages: 2, trianglesPerTooth: 200)))
        #expect(run.phases.map { "\($0.kind.rawValue) \($0.vendor)" }
                == ["export generic-stl", "intake generic-stl", "export print-3mf", "intake print-3mf"])
        #expect(run.size.stageModels == 6)
        for phase in run.phases {
            #expect(phase.meshBytes > 0)
            #expect(phase.archiveBytes > 0)
            #expect(phase.peakRSSBytes > 0)
            #expect(phase.startRSSBytes > 0 && phase.startRSSBytes <= phase.peakRSSBytes)
            #expect(phase.floorSeconds != nil && phase.libdeflateFloorSeconds != nil)
        }
        for export in run.phases where export.kind == .export {
            #expect((export.zlibFloorBytes ?? 0) > 0 && (export.libdeflateFloorBytes ?? 0) > 0)
        }
        #expect(run.phases.filter { $0.kind == .intake }.allSatisfy { $0.accepted == true })
        // generic-stl's mesh bytes are the binary STLs: 84 + 50 bytes per triangle, per stage model and template.
        let stl = run.phases[0].meshBytes
        #expect((stl - 84 * Int64(run.size.stageModels + 2)) % 50 == 0)
    }
}
