import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): manifest.json first, then the base (stage-0) model of each arch, which
/// gives the crowns and gingiva, then every other model parsed and checked against them concurrently —
/// on every core, each worker holding one model's bytes at a time (`ArchiveReader.forEachEntryConcurrently`).
final class GenericSTLReader: @unchecked Sendable {
    static let vendor = GenericSTLWriter.vendor
    /// Derived files are small; more than this is not a sheet or a table.
    static let derivedFileLimit = 64 << 20

    private let metadata: CaseMetadata
    /// Model file → (arch, model) index.
    private let models: [String: (arch: Int, model: Int)]
    private let progress: ProgressMeter?
    /// Everything below is shared by the workers, under `lock`.
    private let lock = NSLock()
    private var arches: [ArchIntake]
    private var done: Set<String> = []
    private var derived: [String: Data] = [:]
    private var unknown: [String] = []
    /// Findings by (arch, model), so their order does not depend on which worker finished first.
    private var findings: [Int: [Finding]] = [:]

    private init(metadata: CaseMetadata, arches: [ArchIntake], progress: ProgressMeter?) {
        self.metadata = metadata
        self.arches = arches
        self.progress = progress
        var models: [String: (arch: Int, model: Int)] = [:]
        for (a, arch) in arches.enumerated() {
            for (m, model) in arch.models.enumerated() { models[model.file] = (a, m) }
        }
        self.models = models
    }

    static func read(_ url: URL, options: IntakeOptions = IntakeOptions()) throws(VendorError) -> IntakeResult {
        let (reader, data) = try ManifestEntry.open(
            url, vendor: vendor, manifest: GenericSTLFormat.manifestPath, password: options.password,
            missing: "missing: every generic-stl archive holds manifest.json, which describes its models")
        let state = try ManifestEntry.decode(GenericSTLManifest.self, data, vendor: vendor, path: GenericSTLFormat.manifestPath) { (m) throws(ManifestError) in
            let (metadata, arches) = try ManifestReader.read(m)
            return GenericSTLReader(metadata: metadata, arches: arches, progress: options.progress)
        }
        let all = state.arches.flatMap(\.models)
        options.progress?.begin("intake \(vendor)", units: all.count,
                                bytes: all.reduce(Int64(0)) { $0 + 84 + 50 * Int64($1.triangles) })
        defer { options.progress?.finish() }
        // The base models first (they give every other model of their arch its reference), then the rest.
        let bases = Set(state.arches.compactMap { arch in arch.base.map { arch.models[$0].file } })
        try state.pass(reader) { bases.contains($0) }
        try state.pass(reader) { $0 != GenericSTLFormat.manifestPath && !bases.contains($0) }
        return try state.finish()
    }

    /// One concurrent pass over the file entries whose path `wanted` accepts.
    private func pass(_ reader: ArchiveReader, _ wanted: @escaping @Sendable (String) -> Bool) throws(VendorError) {
        try VendorError.catching(vendor: Self.vendor, file: reader.name) {
            try reader.forEachEntryConcurrently(where: { $0.kind == .file && wanted($0.path) }) { entry, data in
                try self.visit(entry.path, data)
            }
        }
    }

    private func visit(_ path: String, _ data: Data) throws {
        if GenericSTLFormat.derivedPaths.contains(path) {
            lock.withLock { derived[path] = data.count <= Self.derivedFileLimit ? data : data.prefix(Self.derivedFileLimit + 1) }
        } else if let (a, m) = models[path] {
            try model(path, data, arch: a, model: m)
        } else {
            lock.withLock { unknown.append(path) }
        }
    }

    /// Reads one model: checks its triangle count, takes crowns and gingiva from a base model, and
    /// compares every model with the manifest's geometry.
    private func model(_ path: String, _ data: Data, arch a: Int, model m: Int) throws {
        let intake = lock.withLock { arches[a] }
        let model = intake.models[m]
        let isBase = intake.base == m  // models list the stages first, in stage order
        let finding: Finding? = try STLCodec.withTriangles(data, source: path) { soup in
            guard soup.count == model.triangles else {
                throw VendorError.malformed(vendor: Self.vendor, file: path,
                                            detail: "holds \(soup.count) triangles; manifest.json (\(model.field).triangles) says \(model.triangles)")
            }
            var reference = intake
            if isBase, let base = intake.base {
                StageMeshCheck.rebuild(&reference, soup: soup, baseStage: intake.arch.stages[base].index)
                lock.withLock {
                    arches[a].arch.teeth = reference.arch.teeth
                    arches[a].arch.gingiva = reference.arch.gingiva
                }
            }
            return StageMeshCheck.check(soup, model, reference)
        }
        lock.withLock {
            if let finding { findings[a << 20 | m, default: []].append(finding) }
            done.insert(path)
        }
        progress?.advance(units: 1, bytes: Int64(data.count))
    }

    /// Every listed model must have been read; the derived files are compared with the plan read.
    private func finish() throws(VendorError) -> IntakeResult {
        for arch in arches {
            for model in arch.models where !done.contains(model.file) {
                throw .malformed(vendor: Self.vendor, file: model.file,
                                 detail: "listed in manifest.json (\(model.field).file) but missing from the archive")
            }
        }
        var findings = self.findings.keys.sorted().flatMap { self.findings[$0] ?? [] }
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
        for path in unknown.sorted() {
            findings.append(Finding(GenericSTLFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                                    message: "\(path) is not part of the generic-stl layout and was ignored.",
                                    remedy: "None needed; remove \(path) from the archive if it should not travel with the case."))
        }
        return IntakeResult(plan: plan, report: Report(findings))
    }
}
