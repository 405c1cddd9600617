import Foundation
import Gateway
import PlanModel
import SampleCases
import VendorKit

/// Fixtures for the tests that need every built-in adapter: the vendor test targets' sample plan, exports
/// by adapter id into a scratch folder, and the plans that turn one tooth past a profile's limit.
enum CrossVendor {
    /// The sample the vendor test targets export (12 aligners, both arches, attachments and IPR).
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 11)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let sealedPassword = "correct horse battery staple"

    static func registry() throws -> Registry { try Registry.standard() }

    /// The password an adapter's export and read take: one for an encrypting format, none otherwise.
    static func password(_ adapter: any VendorAdapter) -> String? {
        adapter.descriptor.capabilities.encryption ? sealedPassword : nil
    }

    static func scratch() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `plan` exported by `adapter` (forced, so profile findings never stop it) into a fresh folder.
    static func export(_ adapter: any VendorAdapter, _ plan: TreatmentPlan = plan) throws -> URL {
        let url = try scratch().appendingPathComponent("\(adapter.descriptor.id).\(adapter.descriptor.extensions.first ?? "zip")")
        _ = try adapter.export(plan, to: url, options: ExportOptions(force: true, password: password(adapter)))
        return url
    }

    /// A plan that turns one tooth about `axis` of its crown frame by `degreesPerStage` per aligner over
    /// `stages` aligners, every other tooth at rest: a hand-built case for the per-stage limits.
    static func turning(_ fdi: Int, about axis: KeyPath<CrownFrame, Vector3>, degreesPerStage: Double,
                        stages: Int = 3) throws -> TreatmentPlan {
        var plan = try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: 5))
        for a in plan.arches.indices {
            plan.arches[a].attachments = []
            plan.arches[a].ipr = []
            let teeth = plan.arches[a].teeth.filter { $0.status.hasCrown }
            for s in plan.arches[a].stages.indices {
                let index = plan.arches[a].stages[s].index
                plan.arches[a].stages[s].isOvercorrection = false
                plan.arches[a].stages[s].isPassive = false
                for tooth in teeth {
                    guard index > 0 else { plan.arches[a].stages[s].poses[tooth.id] = nil; continue }
                    guard tooth.id.fdi == fdi else { plan.arches[a].stages[s].poses[tooth.id] = .identity; continue }
                    let f = tooth.frame
                    let r = Quaternion(axis: f[keyPath: axis], degrees: degreesPerStage * Double(index))
                    plan.arches[a].stages[s].poses[tooth.id] = RigidTransform(rotation: r, translation: f.origin - r.rotate(f.origin))
                }
            }
        }
        return plan
    }

    /// The one folder this process's scratch folders live in; removed when the process exits.
    private static let root: URL = CrossVendorScratchRoot.url
}

enum CrossVendorScratchRoot {
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cross-vendor-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: CrossVendorScratchRoot.url) }
        return url
    }()
}
