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
        return try VendorError.catching(vendor: Teeth3DSAdapter.id, file: url.lastPathComponent, context: "cannot write the archive: ") {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            for arch in plan.arches.sorted(by: { $0.jaw < $1.jaw }) {
                let scan = JawScan(arch, stage: stage)
                let labels = JawLabels(patientID: id, jaw: arch.jaw, labels: scan.labels, instances: scan.instances)
                try writer.add(Teeth3DSFormat.meshPath(id: id, jaw: arch.jaw),
                               data: OBJCodec.encode(scan.mesh, name: "\(id)_\(arch.jaw.rawValue)"))
                try writer.add(Teeth3DSFormat.labelsPath(id: id, jaw: arch.jaw), data: labels.encoded())
            }
            return try ExportedArchive(writer.finish())
        }
    }

    /// A (forced) plan without arches, or whose meshes index past their vertices, cannot be written as a
    /// scan: refused rather than written inconsistently.
    static func checkMeshes(_ plan: TreatmentPlan) throws(VendorError) {
        guard !plan.arches.isEmpty else {
            throw .malformed(vendor: Teeth3DSAdapter.id, file: "plan", detail: "has no arch: a Teeth3DS archive holds one scan per jaw")
        }
        try MeshPreflight.check(plan, vendor: Teeth3DSAdapter.id, encoding: "OBJ", meshesTravelInStages: false)
    }
}
