import ArchiveIO
import Foundation
import PlanModel
import Testing
import VendorKit
@testable import Print3MFVendor

/// The streaming export: each stage's 3MF built in memory on a worker, progress ticked per stage, no scratch files.
@Suite struct Print3MFStreamingTests {
    @Test func progressCountsEveryStageAndNoScratchFilesAppear() throws {
        let meter = ProgressMeter()
        let folder = try P3.scratch()
        let url = folder.appendingPathComponent("progress.zip")
        _ = try P3.adapter.export(P3.plan, to: url, options: ExportOptions(force: true, progress: meter))
        let snapshot = meter.snapshot
        let stages = P3.plan.arches.reduce(0) { $0 + $1.stages.count }
        let stored = try P3.entries(url).filter { $0.path.hasSuffix(".3mf") }.reduce(Int64(0)) { $0 + Int64($1.data.count) }
        #expect(snapshot.unitsTotal == stages && snapshot.unitsDone == stages)
        #expect(snapshot.bytesDone == stored)
        #expect(snapshot.finished)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["progress.zip"])
    }

    /// A stage 3MF is the same zip whether built by the export or directly, and reads back as the model.
    @Test func aStage3MFIsBuiltInMemoryDeterministically() throws {
        let arch = try #require(P3.plan.arches.first)
        let built = StageModel.model(caseID: "C", created: "2026-01-01", arch: arch, stage: 3)
        let a = try ThreeMFArchive.data(built.model, name: "a.3mf")
        let b = try ThreeMFArchive.data(built.model, name: "b.3mf")
        #expect(a == b)
        let read = try ThreeMFArchive.read(a, source: "a.3mf")
        #expect(read.triangleCount == built.model.triangleCount)
    }
}
