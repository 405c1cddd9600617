import ArchiveIO
import Foundation
import PlanModel
import RefSealedVendor
import SampleCases
import VendorKit

/// Shared fixtures: a generated sample plan, sealed exports in a scratch folder, and rewriting a sealed
/// zip (with the same or another password, or none) with entries changed or dropped.
enum RSeal {
    static let password = "correct horse battery staple"

    /// 12 aligners, both arches, attachments (incl. precision cuts and buttons) and IPR.
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 11)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let adapter = RefSealedAdapter()

    /// One export of `plan`, made once and shared by tests that only read it.
    static func sample() throws -> URL { try shared.get() }

    private static let shared = Result { try export() }

    static func scratch() throws -> URL {
        let url = RSealScratchRoot.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Exports `plan` sealed with `password`, forced so profile findings never stop it.
    static func export(_ plan: TreatmentPlan = plan, password: String? = password) throws -> URL {
        let url = try scratch().appendingPathComponent("case.zip")
        _ = try adapter.export(plan, to: url, options: ExportOptions(force: true, password: password))
        return url
    }

    static func options(_ password: String? = password) -> IntakeOptions { IntakeOptions(password: password) }

    /// Every file entry, in order, with its bytes (decrypted with `password`).
    static func entries(_ url: URL, password: String? = password) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        try ArchiveReader(contentsOf: url, password: password).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            out.append((entry.path, try stream.readAll()))
        }
        return out
    }

    /// order.json as a JSON object.
    static func order(_ url: URL) throws -> [String: Any] {
        let data = try ArchiveReader(contentsOf: url, password: password).data(of: "order.json")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// A copy of `url` written with `newPassword` (nil: unencrypted), `transform` applied to each entry.
    static func rewrite(_ url: URL, newPassword: String? = password, extra: [(String, Data)] = [],
                        _ transform: (String, Data) throws -> Data? = { $1 }) throws -> URL {
        let out = try scratch().appendingPathComponent("rewritten.zip")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip, password: newPassword))
        for (path, data) in try entries(url) {
            if let changed = try transform(path, data) { try writer.add(path, data: changed) }
        }
        for (path, data) in extra { try writer.add(path, data: data) }
        _ = try writer.finish()
        return out
    }

    /// Triangle count from a binary STL header.
    static func triangleCount(_ stl: Data) -> Int {
        Int(UInt32(littleEndian: stl.subdata(in: 80..<84).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
    }

    /// A plan whose tooth `fdi` turns about `axis` (in its crown frame: long, mesial or facial) by
    /// `degrees` per stage over `stages` aligners while every other tooth rests.
    static func turning(_ fdi: Int, about axis: KeyPath<CrownFrame, Vector3>, degreesPerStage: Double,
                        stages: Int = 3) throws -> TreatmentPlan {
        var plan = try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: 5))
        for a in plan.arches.indices {
            var arch = plan.arches[a]
            arch.attachments = []
            arch.ipr = []
            for s in arch.stages.indices {
                let index = arch.stages[s].index
                arch.stages[s].isOvercorrection = false
                for tooth in arch.teeth where tooth.status.hasCrown {
                    guard index > 0 else { arch.stages[s].poses[tooth.id] = nil; continue }
                    guard tooth.id.fdi == fdi else { arch.stages[s].poses[tooth.id] = .identity; continue }
                    let f = tooth.frame
                    let r = Quaternion(axis: f[keyPath: axis], degrees: degreesPerStage * Double(index))
                    arch.stages[s].poses[tooth.id] = RigidTransform(rotation: r, translation: f.origin - r.rotate(f.origin))
                }
            }
            plan.arches[a] = arch
        }
        return plan
    }
}

/// The one folder all of this process's scratch folders live in; removed when the process exits.
enum RSealScratchRoot {
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rseal-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: RSealScratchRoot.url) }
        return url
    }()
}
