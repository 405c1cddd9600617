import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import Testing
import VendorKit
@testable import GenericSTLVendor

/// The streaming export: stage models produced on the zip writer's workers, a bounded few alive at once,
/// progress ticked per model written.
@Suite struct GenericSTLStreamingTests {
    /// The memory bound's mechanism: with a window of 2, never more than 2 models between "baking
    /// started" and "written", however many stages the arch has; every model still arrives whole.
    @Test func noMoreThanTheWindowOfStageModelsIsAliveAtOnce() throws {
        let arch = try #require(GSTL.plan.arches.first)
        let export = ArchExport(arch)
        let url = try GSTL.scratch().appendingPathComponent("window.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, concurrency: 2, entryWindow: 2))
        let alive = AliveModels()
        writer.onEntryWritten = { _ in alive.written() }
        for stage in export.stages {
            try GenericSTLWriter.addModel(writer, stage.file, stage.layout, caseID: "C", jaw: arch.jaw) { label in
                alive.started()
                return StageBaker.binarySTL(arch, stage: stage.index, name: label)
            }
        }
        let summary = try writer.finish()
        #expect(export.stages.count >= 10)
        #expect(alive.peak <= 2, "at most 2 stage models alive, saw \(alive.peak)")
        #expect(summary.peakEntriesInFlight == 2)
        let entries = try GSTL.entries(url)
        #expect(entries.map(\.path) == export.stages.map(\.file))
        for (entry, stage) in zip(entries, export.stages) {
            #expect(entry.data.count == 84 + 50 * stage.layout.triangleCount, "\(entry.path)")
        }
    }

    @Test func progressCountsEveryModelAndItsBytes() throws {
        let meter = ProgressMeter()
        let url = try GSTL.scratch().appendingPathComponent("progress.zip")
        _ = try GSTL.adapter.export(GSTL.plan, to: url, options: ExportOptions(force: true, progress: meter))
        let snapshot = meter.snapshot
        let models = GSTL.plan.arches.reduce(0) { $0 + $1.stages.count + 1 }
        let stlBytes = try GSTL.entries(url).filter { $0.path.hasSuffix(".stl") }.reduce(Int64(0)) { $0 + Int64($1.data.count) }
        #expect(snapshot.unitsTotal == models && snapshot.unitsDone == models)
        #expect(snapshot.bytesTotal == stlBytes && snapshot.bytesDone == stlBytes)
        #expect(snapshot.finished)
    }

    /// The fused bake-and-encode writes exactly the bytes of encoding the baked mesh.
    @Test func bakingStraightToSTLEqualsEncodingTheBakedMesh() throws {
        for arch in GSTL.plan.arches {
            for stage in [0, arch.stages.count / 2, arch.stages.count - 1] {
                let fused = StageBaker.binarySTL(arch, stage: stage, name: "x")
                let baked = StageBaker.model(arch, stage: stage)
                #expect(fused.stl == STLCodec.encode(baked.mesh, encoding: .binary, name: "x"), "\(arch.jaw) stage \(stage)")
                #expect(fused.parts == baked.parts)
            }
            let template = StageBaker.attachmentTemplateSTL(arch, name: "t")
            let bakedTemplate = StageBaker.attachmentTemplate(arch)
            #expect(template.stl == STLCodec.encode(bakedTemplate.mesh, encoding: .binary, name: "t"))
            #expect(template.parts == bakedTemplate.parts)
        }
    }

    @Test func theSamePlanGivesTheSameBytesAsTheSharedExport() throws {
        let (first, _) = try GSTL.sample()
        let (second, _) = try GSTL.export(name: "again.zip")
        #expect(try Data(contentsOf: first) == (try Data(contentsOf: second)))
    }
}

/// Stage models between "baking started" and "written", from any thread.
final class AliveModels: @unchecked Sendable {
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
