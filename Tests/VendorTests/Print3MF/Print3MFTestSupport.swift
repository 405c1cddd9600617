import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import SampleCases
import VendorKit
@testable import Print3MFVendor

/// Shared fixtures: a generated sample plan (no committed files), exports into fresh scratch folders,
/// and rewriting an export with one entry (or one stage 3MF's model) changed, dropped or added.
enum P3 {
    /// 12 aligners per arch, both arches, attachments and IPR: the conformance kit's first sample.
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 11)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let adapter = Print3MFAdapter()

    /// One export of `plan`, made once and shared by the tests that only read it.
    static func sample() throws -> (url: URL, summary: ExportSummary) { try shared.get() }

    private static let shared = Result { try export() }

    /// A new empty folder inside this test process's scratch root, which goes when the process ends.
    static func scratch() throws -> URL {
        let url = ScratchRoot.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Exports `plan` (forced, so profile findings never stop it).
    static func export(_ plan: TreatmentPlan = plan, name: String = "case.zip") throws -> (url: URL, summary: ExportSummary) {
        let url = try scratch().appendingPathComponent(name)
        return (url, try adapter.export(plan, to: url, options: ExportOptions(force: true)))
    }

    /// Every file entry of an archive, in order, with its bytes.
    static func entries(_ url: URL) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            out.append((entry.path, try stream.readAll()))
        }
        return out
    }

    static func data(_ url: URL, _ path: String) throws -> Data { try ArchiveReader(contentsOf: url).data(of: path) }

    /// The model of the stage 3MF at `path`.
    static func model(_ url: URL, _ path: String) throws -> ThreeMFModel {
        try ThreeMFArchive.read(try data(url, path), source: path)
    }

    /// The parts of a 3MF held in memory, by path.
    static func parts(_ threeMF: Data) throws -> [String: Data] {
        var out: [String: Data] = [:]
        try ArchiveReader(data: threeMF, name: "3mf").forEachEntry { entry, stream in out[entry.path] = try stream.readAll() }
        return out
    }

    /// A zip of `parts` in the given order, as bytes.
    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let url = try scratch().appendingPathComponent("parts.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in parts { try writer.add(path, data: data) }
        _ = try writer.finish()
        return try Data(contentsOf: url)
    }

    /// A 3MF of `model`, as bytes.
    static func threeMF(_ model: ThreeMFModel) throws -> Data {
        try ThreeMFArchive.data(model, name: "model.3mf")
    }

    /// A copy of `url` with `transform` applied to every entry (nil drops it), plus `extra` entries.
    static func rewrite(_ url: URL, extra: [(String, Data)] = [], _ transform: (String, Data) throws -> Data?) throws -> URL {
        let out = try scratch().appendingPathComponent("rewritten.zip")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in try entries(url) {
            if let changed = try transform(path, data) { try writer.add(path, data: changed) }
        }
        for (path, data) in extra { try writer.add(path, data: data) }
        _ = try writer.finish()
        return out
    }

    /// A copy of `url` whose stage 3MF at `path` holds `edit`'s version of its model.
    static func editing(_ url: URL, _ path: String, _ edit: (inout ThreeMFModel) -> Void) throws -> URL {
        try rewrite(url) { entry, data in
            guard entry == path else { return data }
            var model = try ThreeMFArchive.read(data, source: entry)
            edit(&model)
            return try threeMF(model)
        }
    }

    /// A copy of `url` whose stage 3MF at `path` has `edit`'s version of its arch model's components.
    static func editingComponents(_ url: URL, _ path: String, _ edit: (inout [ThreeMFComponent]) -> Void) throws -> URL {
        try editing(url, path) { $0.editArchComponents(edit) }
    }

    /// `url` as format 1.0 wrote it: every part of a stage 3MF its own build item, placed by what was its
    /// component's transform; the manifest says 1.0 and counts those items.
    static func asVersion1_0(_ url: URL) throws -> URL {
        try rewrite(url) { entry, data in
            if entry == Print3MFFormat.manifestPath {
                var manifest = try ManifestJSON.decode(PrintManifest.self, from: data)
                manifest.formatVersion = "1.0"
                for a in manifest.arches.indices {
                    for s in manifest.arches[a].stages.indices {
                        manifest.arches[a].stages[s].buildItems = manifest.arches[a].stages[s].components ?? 0
                        manifest.arches[a].stages[s].components = nil
                    }
                }
                return try manifest.encoded()
            }
            guard entry.hasSuffix(".3mf") else { return data }
            var model = try ThreeMFArchive.read(data, source: entry)
            guard let arch = model.archObject else { return data }
            model.objects.removeAll { $0.id == arch.id }
            model.build = arch.components.map { ThreeMFBuildItem(objectID: $0.objectID, transform: $0.transform) }
            return try threeMF(model)
        }
    }

    static func probe(_ url: URL) throws -> Int { adapter.probe(try ArchiveListing.load(url)) }

    static func stagePath(_ jaw: Jaw, _ stage: Int) -> String {
        Print3MFFormat.stagePath(caseID: plan.metadata.caseID, jaw: jaw, stage: stage)
    }

    /// What a read threw, if it did.
    static func readError(_ url: URL) -> VendorError? {
        do {
            _ = try adapter.read(url, options: IntakeOptions())
            return nil
        } catch {
            return error
        }
    }
}

extension ThreeMFModel {
    /// The object the first build item builds: a stage 3MF's arch model.
    var archObject: ThreeMFObject? { build.first.flatMap { object(id: $0.objectID) } }

    /// The arch model's parts in component order: the part object and the component's transform.
    var archParts: [(object: ThreeMFObject, transform: ThreeMFTransform?)] {
        (archObject?.components ?? []).compactMap { c in object(id: c.objectID).map { ($0, c.transform) } }
    }

    /// Changes the arch model's components in place.
    mutating func editArchComponents(_ edit: (inout [ThreeMFComponent]) -> Void) {
        guard let id = build.first?.objectID, let i = objects.firstIndex(where: { $0.id == id }) else { return }
        var components = objects[i].components
        edit(&components)
        objects[i].content = .components(components)
    }
}

/// The one folder (`p3mf-tests-<uuid>` in the temporary directory) all of this process's scratch folders
/// live in, the shared sample export among them, so the tests leave nothing behind. The tests run in
/// parallel and the shared export outlives any one of them, so the folder goes when the process exits:
/// a static is never deinitialized, hence `atexit`. Another process's root (a concurrent run) is not
/// touched.
enum ScratchRoot {
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("p3mf-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ScratchRoot.url) }
        return url
    }()
}
