import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export: manifest.json, README.txt, movements.csv, ipr.csv, then per arch every stage model and the
/// attachment template, in that order (FORMAT.md, "Layout"). The small files are built up front; each
/// STL is baked only when libzip pulls its data, so at most one stage mesh is alive at a time.
enum GenericSTLWriter {
    static let vendor = "generic-stl"

    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try checkMeshes(plan)
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
        do {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            for (path, data) in small { try writer.add(path, data: data, compression: GenericSTLFormat.compression) }
            let caseID = plan.metadata.caseID
            for export in exports {
                let arch = export.arch
                for stage in export.stages {
                    try addModel(writer, stage.file, stage.layout, caseID: caseID, jaw: arch.jaw) {
                        StageBaker.model(arch, stage: stage.index)
                    }
                }
                try addModel(writer, export.templateFile, export.templateLayout, caseID: caseID, jaw: arch.jaw) {
                    StageBaker.attachmentTemplate(arch)
                }
            }
            let summary = try writer.finish()
            return ExportedArchive(files: summary.entries.map(\.path), bytes: try FileDigest.size(url), sha256: try FileDigest.sha256(url))
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveWriteError {
            throw .archiveWrite(error)
        } catch {
            throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: "cannot write the archive: \(error)")
        }
    }

    /// Adds one STL whose size (84 + 50 × triangles) is known from the layout; `bake` runs only when the
    /// zip writer asks for the data, and its parts must be the layout the manifest already declared.
    static func addModel(_ writer: ArchiveWriter, _ file: String, _ layout: StageLayout, caseID: String, jaw: Jaw,
                         bake: @escaping () -> (mesh: TriangleMesh, parts: [StageBaker.Part])) throws(ArchiveWriteError) {
        let name = file.split(separator: "/").last.map { String($0.dropLast(4)) } ?? file
        let label = GenericSTLFormat.stlLabel(caseID: caseID, jaw: jaw, what: name)
        var done = false
        try writer.add(file, size: Int64(84 + 50 * layout.triangleCount), compression: GenericSTLFormat.compression) {
            guard !done else { return nil }
            done = true
            let baked = bake()
            guard layout.matches(baked.parts) else {
                throw VendorError.malformed(vendor: vendor, file: file,
                                            detail: "the baked model's parts differ from the layout manifest.json declares (StageBaker changed?)")
            }
            return STLCodec.encode(baked.mesh, encoding: .binary, name: label)
        }
    }

    /// STL cannot carry a triangle whose corners do not exist, and crowns travel in the stage models: such
    /// plans (structural errors, exported only when forced) are refused rather than written inconsistently.
    static func checkMeshes(_ plan: TreatmentPlan) throws(VendorError) {
        for arch in plan.arches {
            if arch.stages.isEmpty && (arch.gingiva != nil || arch.teeth.contains { $0.crown != nil }) {
                throw .malformed(vendor: vendor, file: "\(arch.jaw.rawValue) arch",
                                 detail: "has no stages: crowns and gingiva travel in the stage-0 model")
            }
            for tooth in arch.teeth where tooth.crown.map({ !$0.hasValidIndices }) ?? false {
                throw .malformed(vendor: vendor, file: "\(arch.jaw.rawValue) crown of tooth \(tooth.id)",
                                 detail: "the mesh has indices past its vertices and cannot be written as STL")
            }
            if let g = arch.gingiva, !g.hasValidIndices {
                throw .malformed(vendor: vendor, file: "\(arch.jaw.rawValue) gingiva",
                                 detail: "the mesh has indices past its vertices and cannot be written as STL")
            }
        }
    }
}
