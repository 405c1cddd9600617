import ArchiveIO
import Foundation
import PlanModel
import RefSegmentedVendor
import SampleCases
import VendorKit

/// Shared fixtures: a generated sample plan (no committed files), exports into a scratch folder, and
/// rewriting an exported tar.gz with entries changed, dropped or reordered.
enum RSeg {
    /// 12 aligners, both arches, attachments and IPR: the conformance kit's first sample.
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 11)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let adapter = RefSegmentedAdapter()

    /// One export of `plan`, made once and shared by tests that only read it.
    static func sample() throws -> URL { try shared.get() }

    private static let shared = Result { try export() }

    /// A new empty folder in this process's scratch root (removed when the process ends).
    static func scratch() throws -> URL {
        let url = RSegScratchRoot.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Exports `plan`, forced so profile findings never stop it.
    static func export(_ plan: TreatmentPlan = plan) throws -> URL {
        let url = try scratch().appendingPathComponent("case.tar.gz")
        _ = try adapter.export(plan, to: url, options: ExportOptions(force: true))
        return url
    }

    /// Every file entry, in order, with its bytes.
    static func entries(_ url: URL) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            out.append((entry.path, try stream.readAll()))
        }
        return out
    }

    /// case.xml of an export, as text.
    static func manifest(_ url: URL) throws -> String {
        String(decoding: try ArchiveReader(contentsOf: url).data(of: "case.xml"), as: UTF8.self)
    }

    /// A copy of `url` (tar.gz) with `transform` applied to each entry (nil drops it), in `order` if given.
    static func rewrite(_ url: URL, reversed: Bool = false, extra: [(String, Data)] = [],
                        _ transform: (String, Data) throws -> Data? = { $1 }) throws -> URL {
        let out = try scratch().appendingPathComponent("rewritten.tar.gz")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .tarGzip))
        let list = try entries(url)
        for (path, data) in reversed ? list.reversed() : list {
            if let changed = try transform(path, data) { try writer.add(path, data: changed) }
        }
        for (path, data) in extra { try writer.add(path, data: data) }
        _ = try writer.finish()
        return out
    }

    /// A copy of `url` whose case.xml had `replace` applied.
    static func editingManifest(_ url: URL, _ replace: (String) -> String) throws -> URL {
        try rewrite(url) { path, data in path == "case.xml" ? Data(replace(String(decoding: data, as: UTF8.self)).utf8) : data }
    }

    /// Values of attribute `name` on every `<element …>` tag in `xml`, in document order.
    static func attributes(_ name: String, of element: String, in xml: String) -> [String] {
        var out: [String] = []
        for line in xml.split(separator: "\n") {
            let t = line.drop { $0 == " " }
            guard t.hasPrefix("<\(element) ") || t.hasPrefix("<\(element)>") else { continue }
            guard let start = t.range(of: " \(name)=\"") else { continue }
            let rest = t[start.upperBound...]
            if let end = rest.firstIndex(of: "\"") { out.append(String(rest[..<end])) }
        }
        return out
    }

    /// A plan that moves one tooth about its long axis by `degrees` per stage over `stages` aligners
    /// (every other tooth rests): a hand-built case for the rotation limits.
    static func rotating(_ fdi: Int, degreesPerStage: Double, stages: Int = 3) throws -> TreatmentPlan {
        let base = try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: 5))
        var plan = base
        for a in plan.arches.indices {
            var arch = plan.arches[a]
            arch.attachments = []
            arch.ipr = []
            for s in arch.stages.indices {
                let index = arch.stages[s].index
                arch.stages[s].isOvercorrection = false
                arch.stages[s].isPassive = false
                for tooth in arch.teeth where tooth.status.hasCrown {
                    guard index > 0 else { arch.stages[s].poses[tooth.id] = nil; continue }
                    guard tooth.id.fdi == fdi else { arch.stages[s].poses[tooth.id] = .identity; continue }
                    let f = tooth.frame
                    let r = Quaternion(axis: f.longAxis, degrees: degreesPerStage * Double(index))
                    arch.stages[s].poses[tooth.id] = RigidTransform(rotation: r, translation: f.origin - r.rotate(f.origin))
                }
            }
            plan.arches[a] = arch
        }
        return plan
    }
}

/// The one folder all of this process's scratch folders live in; removed when the process exits.
enum RSegScratchRoot {
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rseg-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: RSegScratchRoot.url) }
        return url
    }()
}
