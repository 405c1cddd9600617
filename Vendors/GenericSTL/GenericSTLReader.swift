import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): manifest.json first (its own pass), then one streaming pass over the
/// entries — the base (stage-0) model gives the crowns and gingiva, every other model is checked against
/// them as it streams by, so no more than one STL is held at a time. A model met before its arch's base
/// model (only in a re-ordered archive) is checked in a third pass.
final class GenericSTLReader {
    static let vendor = GenericSTLWriter.vendor
    /// Derived files are small; more than this is not a sheet or a table.
    static let derivedFileLimit = 64 << 20

    private var arches: [ArchIntake]
    private let metadata: CaseMetadata
    /// Model file → (arch, model) index.
    private let models: [String: (arch: Int, model: Int)]
    private var crownsReady: [Bool]
    private var done: Set<String> = []
    private var deferred: Set<String> = []
    private var derived: [String: Data] = [:]
    private var unknown: [String] = []
    private var findings: [Finding] = []

    private init(metadata: CaseMetadata, arches: [ArchIntake]) {
        self.metadata = metadata
        self.arches = arches
        var models: [String: (arch: Int, model: Int)] = [:]
        for (a, arch) in arches.enumerated() {
            for (m, model) in arch.models.enumerated() { models[model.file] = (a, m) }
        }
        self.models = models
        // An arch without stages has no base model (and, the manifest reader made sure, no ranges).
        crownsReady = arches.map { $0.base == nil }
    }

    static func read(_ url: URL) throws(VendorError) -> IntakeResult {
        let reader: ArchiveReader
        do { reader = try ArchiveReader(contentsOf: url) } catch { throw .archive(error) }
        let data: Data
        do {
            data = try reader.data(of: GenericSTLFormat.manifestPath)
        } catch {
            guard error.rule == .entryNotFound else { throw .archive(error) }
            throw .malformed(vendor: vendor, file: GenericSTLFormat.manifestPath,
                             detail: "missing: every generic-stl archive holds manifest.json, which describes its models")
        }
        let state: GenericSTLReader
        do {
            let (metadata, arches) = try ManifestReader.read(ManifestJSON.decode(GenericSTLManifest.self, from: data))
            state = GenericSTLReader(metadata: metadata, arches: arches)
        } catch {
            throw .malformed(vendor: vendor, file: GenericSTLFormat.manifestPath, detail: error.description)
        }
        try state.pass(reader, only: nil)
        if !state.deferred.isEmpty { try state.pass(reader, only: state.deferred) }
        return try state.finish()
    }

    /// One streaming pass; `only` restricts it to deferred models.
    private func pass(_ reader: ArchiveReader, only: Set<String>?) throws(VendorError) {
        do {
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file else { return }
                if let only {
                    if only.contains(entry.path) { try self.model(entry.path, stream, mayDefer: false) }
                } else {
                    try self.visit(entry.path, stream)
                }
            }
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch let error as MeshReadError {
            throw .mesh(error)
        } catch {
            throw .malformed(vendor: Self.vendor, file: reader.name, detail: "\(error)")
        }
    }

    private func visit(_ path: String, _ stream: EntryStream) throws {
        if path == GenericSTLFormat.manifestPath { return }
        if GenericSTLFormat.derivedPaths.contains(path) {
            var data = Data()
            while data.count <= Self.derivedFileLimit, let chunk = try stream.read() { data.append(chunk) }
            derived[path] = data
        } else if models[path] != nil {
            try model(path, stream, mayDefer: true)
        } else {
            unknown.append(path)
        }
    }

    /// Reads one model: checks its triangle count, takes crowns and gingiva from a base model, and
    /// compares every model with the manifest's geometry.
    private func model(_ path: String, _ stream: EntryStream, mayDefer: Bool) throws {
        guard let (a, m) = models[path] else { return }
        let isBase = arches[a].base == m  // models list the stages first, in stage order
        if !isBase && !crownsReady[a] {
            if mayDefer { deferred.insert(path) }
            return
        }
        let model = arches[a].models[m]
        let soup = try STLCodec.decodeTriangles(try stream.readAll(), source: path)
        guard soup.count == model.triangles * 9 else {
            throw VendorError.malformed(vendor: Self.vendor, file: path,
                                        detail: "holds \(soup.count / 9) triangles; manifest.json (\(model.field).triangles) says \(model.triangles)")
        }
        if isBase, let base = arches[a].base {
            StageMeshCheck.rebuild(&arches[a], soup: soup, baseStage: arches[a].arch.stages[base].index)
            crownsReady[a] = true
        }
        if let finding = StageMeshCheck.check(soup, model, arches[a]) { findings.append(finding) }
        done.insert(path)
    }

    /// Every listed model must have been read; the derived files are compared with the plan read.
    private func finish() throws(VendorError) -> IntakeResult {
        for arch in arches {
            for model in arch.models where !done.contains(model.file) {
                throw .malformed(vendor: Self.vendor, file: model.file,
                                 detail: "listed in manifest.json (\(model.field).file) but missing from the archive")
            }
        }
        let plan = TreatmentPlan(metadata: metadata, arches: arches.map(\.arch))
        let files = arches.map { arch in
            CaseSheet.ArchFiles(jaw: arch.arch.jaw, stages: arch.models.filter { $0.stage != nil }.map(\.file),
                                template: arch.models.last { $0.stage == nil }?.file ?? "")
        }
        let tables = [MovementCSV.table(plan), IPRCSV.table(plan)]
        for path in GenericSTLFormat.derivedPaths {
            guard let data = derived[path] else {
                findings.append(Finding(GenericSTLFormat.Code.derivedFileMissing, .warning, at: FindingLocation(file: path),
                                        message: "\(path) is missing; the plan was read from manifest.json, which is authoritative.",
                                        remedy: "Nothing is lost for intake; re-export the archive if a lab needs \(path)."))
                continue
            }
            if path == GenericSTLFormat.readmePath {
                if let f = CaseSheet.check(data, expected: CaseSheet.text(plan, files: files)) { findings.append(f) }
            } else if let table = tables.first(where: { $0.file == path }), let f = table.check(data) {
                findings.append(f)
            }
        }
        for path in unknown {
            findings.append(Finding(GenericSTLFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                                    message: "\(path) is not part of the generic-stl layout and was ignored.",
                                    remedy: "None needed; remove \(path) from the archive if it should not travel with the case."))
        }
        return IntakeResult(plan: plan, report: Report(findings))
    }
}
