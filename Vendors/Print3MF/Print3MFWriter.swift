import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Writes a print-3mf archive (FORMAT.md): print-manifest.json, then one stored 3MF per arch and stage.
///
/// Streams: the manifest needs only each stage's model outline (counts, poses), built up front without
/// XML. Each stage's 3MF — model XML, then a small zip of its three parts, all in memory — is made by a
/// producer on the zip writer's worker threads (every core), at most `ArchiveWriteOptions.entryWindow`
/// stages alive at once, and stored in stage order. The crowns, the same stage-0 meshes in every stage's
/// model, are encoded and deflated once per export (`ThreeMFPartDeflater`) and joined into each 3MF's
/// model part. The archive appears atomically or not at all.
/// `options.progress` counts stages written and the bytes of their 3MFs.
enum Print3MFWriter {
    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions, vendor: String) throws(VendorError) -> ExportedArchive {
        let progress = options.progress
        defer { progress?.finish() }
        var records: [[PrintManifest.StageRecord]] = []
        var stages: [(path: String, arch: Arch, index: Int)] = []
        let caseID = plan.metadata.caseID
        let created = ISODate.format(plan.metadata.created)
        for arch in plan.arches {
            var archRecords: [PrintManifest.StageRecord] = []
            for stage in arch.stages {
                let path = Print3MFFormat.stagePath(caseID: caseID, jaw: arch.jaw, stage: stage.index)
                let built = StageModel.model(caseID: caseID, created: created, arch: arch, stage: stage.index)
                archRecords.append(PrintManifestBuilder.stage(
                    stage, arch: arch, file: path, label: Print3MFFormat.label(caseID: caseID, jaw: arch.jaw, stage: stage.index),
                    model: built.model, attachments: built.attachments))
                stages.append((path, arch, stage.index))
            }
            records.append(archRecords)
        }

        return try VendorError.catching(vendor: vendor, file: url.lastPathComponent) {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            let manifest = try PrintManifestBuilder.manifest(plan, stages: records).encoded()
            try writer.add(Print3MFFormat.manifestPath, data: manifest, compression: Print3MFFormat.manifestCompression)
            let deflater = ThreeMFArchive.partDeflater()
            for stage in stages {
                let (path, arch, index) = stage
                try writer.add(path, compression: .store, produce: { () throws -> Data in
                    let built = StageModel.model(caseID: caseID, created: created, arch: arch, stage: index)
                    return try VendorError.catching(vendor: vendor, file: path) { try ThreeMFArchive.data(built.model, name: path, deflater: deflater) }
                })
            }
            if let progress {
                progress.begin("export \(vendor)", units: stages.count)
                writer.onEntryWritten = { entry in
                    if entry.path != Print3MFFormat.manifestPath { progress.advance(units: 1, bytes: entry.size) }
                }
            }
            return try ExportedArchive(writer.finish())
        }
    }
}
