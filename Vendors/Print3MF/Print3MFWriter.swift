import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Writes a print-3mf archive (FORMAT.md): print-manifest.json, then one stored 3MF per arch and stage.
///
/// Streams: each stage is baked, written as a 3MF into a hidden scratch folder beside the target and let
/// go before the next, so at most one stage's meshes are alive; the outer zip then pulls the 3MFs from
/// disk in chunks. The scratch folder is removed whatever happens; the archive itself appears atomically.
enum Print3MFWriter {
    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions, vendor: String) throws(VendorError) -> ExportedArchive {
        let writer: ArchiveWriter
        do {
            writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
        } catch {
            throw .archiveWrite(error)
        }
        let scratch = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).print3mf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        } catch {
            writer.cancel()
            throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: "cannot create a scratch folder beside the target: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }

        var records: [[PrintManifest.StageRecord]] = []
        var files: [(path: String, url: URL, size: Int64)] = []
        let caseID = plan.metadata.caseID
        let created = ISODate.format(plan.metadata.created)
        for arch in plan.arches {
            var archRecords: [PrintManifest.StageRecord] = []
            for stage in arch.stages {
                let path = Print3MFFormat.stagePath(caseID: caseID, jaw: arch.jaw, stage: stage.index)
                let file = scratch.appendingPathComponent("\(files.count).3mf")
                let built = StageModel.model(caseID: caseID, created: created, arch: arch, stage: stage.index)
                let size: Int64
                do {
                    size = try ThreeMFArchive.write(built.model, to: file)
                } catch let error as ArchiveWriteError {
                    writer.cancel()
                    throw .archiveWrite(error)
                } catch {
                    writer.cancel()
                    throw .malformed(vendor: vendor, file: path, detail: "\(error)")
                }
                archRecords.append(ManifestBuilder.stage(
                    stage, arch: arch, file: path, label: Print3MFFormat.label(caseID: caseID, jaw: arch.jaw, stage: stage.index),
                    model: built.model, attachments: built.attachments))
                files.append((path, file, size))
            }
            records.append(archRecords)
        }

        do {
            let manifest = try PrintManifestJSON.encode(ManifestBuilder.manifest(plan, stages: records))
            try writer.add(Print3MFFormat.manifestPath, data: manifest, compression: Print3MFFormat.manifestCompression)
            for f in files {
                let chunks = FileChunks(f.url)
                try writer.add(f.path, size: f.size, compression: .store, chunks: chunks.next)
            }
            _ = try writer.finish()
            return ExportedArchive(files: [Print3MFFormat.manifestPath] + files.map(\.path),
                                   bytes: try FileDigest.size(url), sha256: try FileDigest.sha256(url))
        } catch let error as ArchiveWriteError {
            writer.cancel()
            throw .archiveWrite(error)
        } catch {
            writer.cancel()
            throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: "\(error)")
        }
    }
}

/// A file's bytes in 1 MiB chunks, opened on the first pull and closed at the end.
final class FileChunks {
    let url: URL
    private var handle: FileHandle?
    private var done = false

    init(_ url: URL) { self.url = url }

    func next() throws -> Data? {
        if done { return nil }
        if handle == nil { handle = try FileHandle(forReadingFrom: url) }
        if let chunk = try handle?.read(upToCount: 1 << 20), !chunk.isEmpty { return chunk }
        try handle?.close()
        handle = nil
        done = true
        return nil
    }

    deinit { try? handle?.close() }
}
