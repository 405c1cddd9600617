import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export (FORMAT.md, "Export"): per arch, upper first, `<id>/<id>_<jaw>.obj` then `<id>/<id>_<jaw>.json`,
/// one zip. One stage is written; the archive is deterministic and written atomically by ArchiveIO.
enum Teeth3DSWriter {
    static func write(_ plan: TreatmentPlan, to url: URL, stage: Int, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try checkMeshes(plan)
        let id = Teeth3DSFormat.patientID(forCaseID: plan.metadata.caseID)
        do {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            for arch in plan.arches.sorted(by: { $0.jaw < $1.jaw }) {
                let scan = JawScan(arch, stage: stage)
                let labels = JawLabels(patientID: id, jaw: arch.jaw, labels: scan.labels, instances: scan.instances)
                try writer.add(Teeth3DSFormat.meshPath(id: id, jaw: arch.jaw),
                               data: OBJCodec.encode(scan.mesh, name: "\(id)_\(arch.jaw.rawValue)"))
                try writer.add(Teeth3DSFormat.labelsPath(id: id, jaw: arch.jaw), data: labels.encoded())
            }
            let summary = try writer.finish()
            return try ExportedArchive(summary)
        } catch let error as ArchiveWriteError {
            throw .archiveWrite(error)
        } catch {
            throw .malformed(vendor: Teeth3DSAdapter.id, file: url.lastPathComponent, detail: "cannot write the archive: \(error)")
        }
    }

    /// A (forced) plan without arches, or whose meshes index past their vertices, cannot be written as a
    /// scan: refused rather than written inconsistently.
    static func checkMeshes(_ plan: TreatmentPlan) throws(VendorError) {
        guard !plan.arches.isEmpty else {
            throw .malformed(vendor: Teeth3DSAdapter.id, file: "plan", detail: "has no arch: a Teeth3DS archive holds one scan per jaw")
        }
        for arch in plan.arches {
            let jaw = arch.jaw.rawValue
            for tooth in arch.teeth where tooth.crown.map({ !$0.hasValidIndices }) ?? false {
                throw .malformed(vendor: Teeth3DSAdapter.id, file: "\(jaw) crown of tooth \(tooth.id)",
                                 detail: "the mesh has indices past its vertices and cannot be written as OBJ")
            }
            if let g = arch.gingiva, !g.hasValidIndices {
                throw .malformed(vendor: Teeth3DSAdapter.id, file: "\(jaw) gingiva",
                                 detail: "the mesh has indices past its vertices and cannot be written as OBJ")
            }
        }
    }
}
