import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export (FORMAT.md, "Export"): one binary STL per arch and stage — crowns posed, gingiva, the bonded
/// attachments — named `<case>/Maxillary_Stage_NN.stl` / `<case>/Mandibular_Stage_NN.stl`, nothing else;
/// upper first, stages in order; deterministic, written atomically by ArchiveIO, each model baked on a
/// zip worker.
enum STLSeriesWriter {
    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        guard !plan.arches.isEmpty else {
            throw .malformed(vendor: STLSeriesAdapter.id, file: "plan", detail: "has no arch: an STL series holds one model per arch and stage")
        }
        for arch in plan.arches {
            for tooth in arch.teeth where tooth.crown.map({ !$0.hasValidIndices }) ?? false {
                throw .malformed(vendor: STLSeriesAdapter.id, file: "\(arch.jaw.rawValue) crown of tooth \(tooth.id)",
                                 detail: "the mesh has indices past its vertices and cannot be written as STL")
            }
            if let g = arch.gingiva, !g.hasValidIndices {
                throw .malformed(vendor: STLSeriesAdapter.id, file: "\(arch.jaw.rawValue) gingiva",
                                 detail: "the mesh has indices past its vertices and cannot be written as STL")
            }
        }
        let arches = plan.arches.sorted { $0.jaw < $1.jaw }
        let progress = options.progress
        progress?.begin("export \(STLSeriesAdapter.id)", units: arches.reduce(0) { $0 + $1.stages.count }, bytes: 0)
        defer { progress?.finish() }
        do {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            // Each model is baked and deflated by a producer on the zip writer's workers (every core), at most
            // `ArchiveWriteOptions.entryWindow` alive at once, so memory stays flat in the stage count.
            for arch in arches {
                for stage in arch.stages.sorted(by: { $0.index < $1.index }) {
                    let path = STLSeriesFormat.fileName(case: plan.metadata.caseID, jaw: arch.jaw, stage: stage.index)
                    let label = "\(plan.metadata.caseID) \(arch.jaw.rawValue) stage \(stage.index)"
                    let index = stage.index
                    try writer.add(path, produce: { StageBaker.binarySTL(arch, stage: index, name: label).stl })
                }
            }
            if let progress { writer.onEntryWritten = { entry in progress.advance(units: 1, bytes: entry.size) } }
            return try ExportedArchive(try writer.finish())
        } catch let error as ArchiveWriteError {
            throw .archiveWrite(error)
        } catch {
            throw .malformed(vendor: STLSeriesAdapter.id, file: url.lastPathComponent, detail: "cannot write the archive: \(error)")
        }
    }
}
