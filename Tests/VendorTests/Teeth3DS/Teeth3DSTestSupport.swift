import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import SampleCases
import Teeth3DSVendor
import VendorKit

/// Shared fixtures: a small generated sample plan (no Teeth3DS data is shipped: the data set is
/// CC BY-NC-ND), exports into fresh scratch folders, and hand-made scan archives for intake rules.
enum T3DS {
    /// Both arches, 3 aligners, small crowns.
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 3, trianglesPerTooth: 240, seed: 5)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let adapter = Teeth3DSAdapter()

    /// A new empty folder under the temporary directory.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("t3ds-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Exports `plan` (forced) with `adapter` and returns the archive.
    static func export(_ plan: TreatmentPlan = plan, adapter: Teeth3DSAdapter = adapter) throws -> URL {
        let url = try scratch().appendingPathComponent("case.zip")
        _ = try adapter.export(plan, to: url, options: ExportOptions(force: true))
        return url
    }

    /// Every entry of an archive, in order, with its bytes.
    static func entries(_ url: URL) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            out.append((entry.path, try stream.readAll()))
        }
        return out
    }

    /// A zip of `files`, in the order given.
    static func zip(_ files: [(String, Data)]) throws -> URL {
        let url = try scratch().appendingPathComponent("scan.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in files { try writer.add(path, data: data) }
        _ = try writer.finish()
        return url
    }

    /// A copy of `url` with `transform` applied to every entry (nil drops it), plus `extra` entries.
    static func rewrite(_ url: URL, extra: [(String, Data)] = [], _ transform: (String, Data) throws -> Data?) throws -> URL {
        var files: [(String, Data)] = []
        for (path, data) in try entries(url) {
            if let changed = try transform(path, data) { files.append((path, changed)) }
        }
        return try zip(files + extra)
    }

    /// The JSON object of a labels file.
    static func json(_ data: Data) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// A labels file's JSON with `change` applied to its object.
    static func editedJSON(_ data: Data, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try json(data)
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// An integer array of a labels file.
    static func ints(_ object: [String: Any], _ key: String) -> [Int] {
        (object[key] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
    }

    /// A labels file written the way the data set writes it.
    static func labelsJSON(id: String, jaw: String, labels: [Int], instances: [Int]) -> Data {
        let l = labels.map(String.init).joined(separator: ", "), i = instances.map(String.init).joined(separator: ", ")
        return Data("{\"id_patient\": \"\(id)\", \"jaw\": \"\(jaw)\", \"labels\": [\(l)], \"instances\": [\(i)]}".utf8)
    }

    /// The angle between two directions, in degrees.
    static func degrees(_ a: Vector3, _ b: Vector3) -> Double {
        let c = max(-1, min(1, a.normalized.dot(b.normalized)))
        return acos(c) * 180 / Double.pi
    }

    /// `plan` with stage 0 only.
    static func initialOnly(_ plan: TreatmentPlan) -> TreatmentPlan {
        var p = plan
        for a in p.arches.indices { p.arches[a].stages = p.arches[a].stages.filter { $0.index == 0 } }
        return p
    }

    /// `plan` (stage 0 only) moved rigidly by `motion`: crowns, gingiva and frames.
    static func moved(_ plan: TreatmentPlan, by motion: RigidTransform) -> TreatmentPlan {
        var p = initialOnly(plan)
        for a in p.arches.indices {
            p.arches[a].gingiva = p.arches[a].gingiva?.transformed(by: motion)
            p.arches[a].attachments = []
            p.arches[a].ipr = []
            for t in p.arches[a].teeth.indices {
                p.arches[a].teeth[t].crown = p.arches[a].teeth[t].crown?.transformed(by: motion)
                p.arches[a].teeth[t].frame = p.arches[a].teeth[t].frame.moved(by: motion)
            }
        }
        return p
    }
}
