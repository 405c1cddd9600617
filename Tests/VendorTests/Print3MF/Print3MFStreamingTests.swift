import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import SampleCases
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

    /// A stage 3MF is the same zip whether built by the export or directly, whether its crowns' deflated
    /// segments were remembered from another stage or not, and reads back as the model.
    @Test func aStage3MFIsBuiltInMemoryDeterministically() throws {
        let arch = try #require(P3.plan.arches.first)
        let built = StageModel.model(caseID: "C", created: "2026-01-01", arch: arch, stage: 3)
        #expect(try ThreeMFArchive.data(built.model, name: "a.3mf") == (try ThreeMFArchive.data(built.model, name: "a.3mf")))
        // P3's crowns have 300 triangles: a threshold of 100 makes each a shared segment.
        let a = try ThreeMFArchive.data(built.model, name: "a.3mf", deflater: ThreeMFPartDeflater(level: 6, sharedTriangles: 100))
        let warm = ThreeMFPartDeflater(level: 6, sharedTriangles: 100)
        _ = try ThreeMFArchive.data(StageModel.model(caseID: "C", created: "2026-01-01", arch: arch, stage: 2).model, name: "w.3mf", deflater: warm)
        let b = try ThreeMFArchive.data(built.model, name: "b.3mf", deflater: warm)
        #expect(a == b)
        // The crowns were taken from the warm deflater's memory, not encoded again, and still give the writer's XML.
        let part = try ArchiveReader(data: b, name: "b.3mf").data(of: ThreeMF.defaultModelPath)
        #expect(part == (try ThreeMFWriter.encode(built.model)))
        let read = try ThreeMFArchive.read(a, source: "a.3mf")
        #expect(read.triangleCount == built.model.triangleCount)
    }

    /// With crowns above the default threshold (1 024 triangles), every stage's model part joins the
    /// crowns' remembered segments; the export still reads back bit for bit.
    @Test func anExportJoiningSharedCrownSegmentsReadsBackExactly() throws {
        let plan = try SampleCase.make(SampleOptions(stages: 3, trianglesPerTooth: 1_100, seed: 5))
        let url = try P3.scratch().appendingPathComponent("shared.zip")
        _ = try P3.adapter.export(plan, to: url, options: ExportOptions(force: true))
        let result = try P3.adapter.read(url, options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings.prefix(3))")
        for (sent, read) in zip(plan.arches, result.plan.arches) {
            #expect(read.teeth.map(\.crown) == sent.teeth.map(\.crown), "crowns are bit-exact")
            #expect(read.gingiva == sent.gingiva)
        }
    }
}
