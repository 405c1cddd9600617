import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export: manifest.json, README.txt, movements.csv, ipr.csv, then per arch every stage model and the
/// attachment template, in that order (FORMAT.md, "Layout"). The small files are built up front; each
/// STL is baked, encoded, CRC'd and deflated by a producer on the zip writer's worker threads (every
/// core), at most `ArchiveWriteOptions.entryWindow` models alive at once, written in this order.
/// `options.progress` counts models written and their STL bytes.
enum GenericSTLWriter {
    static let vendor = "generic-stl"

    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try MeshPreflight.check(plan, vendor: vendor, encoding: "STL", meshesTravelInStages: true)
        let exports = plan.arches.map(ArchExport.init)
        let manifest: Data
        do {
            manifest = try ManifestBuilder.manifest(plan, exports).encoded()
        } catch {
            throw .malformed(vendor: vendor, file: GenericSTLFormat.manifestPath, detail: "the plan cannot be encoded (\(error)); NaN or infinite values?")
        }
        let files = exports.map { CaseSheet.ArchFiles(jaw: $0.arch.jaw, stages: $0.stages.map(\.file), template: $0.templateFile) }
        let small: [(String, Data)] = [
            (GenericSTLFormat.manifestPath, manifest),
            (GenericSTLFormat.readmePath, Data(CaseSheet.text(plan, files: files).utf8)),
            (GenericSTLFormat.movementsPath, MovementCSV.table(plan).data),
            (GenericSTLFormat.iprPath, IPRCSV.table(plan).data),
        ]
        let progress = options.progress
        defer { progress?.finish() }
        return try VendorError.catching(vendor: vendor, file: url.lastPathComponent, context: "cannot write the archive: ") {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            for (path, data) in small { try writer.add(path, data: data, compression: GenericSTLFormat.compression) }
            let caseID = plan.metadata.caseID
            var models = 0
            var modelBytes: Int64 = 0
            for export in exports {
                let arch = export.arch
                for stage in export.stages {
                    modelBytes += try addModel(writer, stage.file, stage.layout, caseID: caseID, jaw: arch.jaw) { label in
                        StageBaker.binarySTL(arch, stage: stage.index, name: label)
                    }
                }
                modelBytes += try addModel(writer, export.templateFile, export.templateLayout, caseID: caseID, jaw: arch.jaw) { label in
                    StageBaker.attachmentTemplateSTL(arch, name: label)
                }
                models += export.stages.count + 1
            }
            if let progress {
                let smallFiles = Set(small.map(\.0))
                progress.begin("export \(vendor)", units: models, bytes: modelBytes)
                writer.onEntryWritten = { entry in
                    if !smallFiles.contains(entry.path) { progress.advance(units: 1, bytes: entry.size) }
                }
            }
            return try ExportedArchive(writer.finish())
        }
    }

    /// Adds one STL whose size (84 + 50 × triangles) is known from the layout; returns that size. `bake`
    /// (given the header label) bakes and encodes the model on a zip worker when the writer gets to it; its
    /// parts must be the layout the manifest declared.
    @discardableResult
    static func addModel(_ writer: ArchiveWriter, _ file: String, _ layout: ModelLayout, caseID: String, jaw: Jaw,
                         bake: @escaping @Sendable (_ label: String) -> (stl: Data, parts: [StageBaker.Part])) throws(ArchiveWriteError) -> Int64 {
        let name = file.split(separator: "/").last.map { String($0.dropLast(4)) } ?? file
        let label = GenericSTLFormat.stlLabel(caseID: caseID, jaw: jaw, what: name)
        let size = Int64(84 + 50 * layout.triangleCount)
        try writer.add(file, size: size, compression: GenericSTLFormat.compression, produce: {
            let baked = bake(label)
            guard layout.matches(baked.parts) else {
                throw VendorError.malformed(vendor: vendor, file: file,
                                            detail: "the baked model's parts differ from the layout manifest.json declares (StageBaker changed?)")
            }
            return baked.stl
        })
        return size
    }
}
