import Foundation
import Ledger
import PlanModel
import PlanPackage
import VendorKit

/// The README's main job: one plan through every system — the matrix, an export to each system that
/// takes it, and every archive taken back in by probing, compared with what was sent.
public enum Demo {
    /// The password used for systems that encrypt (printed by the CLI; a demo has no secrets).
    public static let password = "aligngate-demo"

    /// Who approves the demo's sample: a label, never a clinician, so no one mistakes it for a sign-off.
    public static let doctor = "Demo Doctor (aligngate demo, not a clinical approval)"

    /// Approves the sample as the demo doctor, so the demo's exports pass the approval gate visibly; with
    /// `report`, bound to that review report as a doctor's approval would be.
    public static func approve(_ plan: TreatmentPlan, ledger: any LedgerStore, report: URL? = nil) async throws(GatewayError) -> ApprovalRecord {
        try await Approval.approve(plan, doctor: doctor, note: "approved automatically by `aligngate demo`", ledger: ledger, report: report)
    }

    /// One system's part of the demo.
    public struct Leg: Sendable {
        public var vendor: String
        /// The export, or why there is none (a refusal names the findings).
        public var export: Result<ExportSummary, GatewayError>
        /// The intake of that archive, when it was written and the adapter reads.
        public var intake: Result<Confirmation, VendorError>?
        public var seconds: Double
    }

    /// What intake confirmed about an exported archive.
    public struct Confirmation: Sendable {
        /// The adapter probing picked, and its score.
        public var detected: String
        public var score: Int
        public var alignersPerArch: [Jaw: Int]
        public var teeth: Int
        public var attachments: Int
        public var iprEvents: Int
        /// Differences from the plan sent, in what the format claims to carry (empty = confirmed).
        public var differences: [String]
        /// Largest pose or vertex difference (mm).
        public var largestDifferenceMM: Double
        /// Whether probing picked the adapter that wrote the archive and nothing differs.
        public var isConfirmed: Bool
    }

    /// Runs the demo for `plan`, writing `<folder>/<vendor>.<ext>` for each exporting adapter; every export
    /// goes through the approval gate and is recorded in `ledger`.
    public static func run(_ plan: TreatmentPlan, registry: Registry, folder: URL, ledger: any LedgerStore) async -> [Leg] {
        let revision = Result { () throws(GatewayError) in try Approval.revision(plan) }
        var legs: [Leg] = []
        for adapter in registry.adapters where adapter.descriptor.direction.exports {
            let started = Date()
            let d = adapter.descriptor
            let url = folder.appendingPathComponent("\(d.id).\(d.extensions.first ?? "archive")")
            let password = d.capabilities.encryption ? Self.password : nil
            let export: Result<ExportSummary, GatewayError>
            do {
                export = .success(try await GatedExport.run(plan, vendor: d.id, to: url, options: ExportOptions(overwrite: true, password: password),
                                                            registry: registry, ledger: ledger, revision: try revision.get()).summary)
            } catch {
                export = .failure(error)
            }
            var intake: Result<Confirmation, VendorError>?
            if case .success = export, d.direction.ingests {
                intake = Result { () throws(VendorError) in
                    try confirm(plan, at: url, writer: adapter, registry: registry, password: password)
                }
            }
            legs.append(Leg(vendor: d.id, export: export, intake: intake, seconds: Date().timeIntervalSince(started)))
        }
        return legs
    }

    static func confirm(_ plan: TreatmentPlan, at url: URL, writer: any VendorAdapter, registry: Registry,
                        password: String?) throws(VendorError) -> Confirmation {
        let outcome = try Intake.run(url, registry: registry, options: IntakeOptions(password: password))
        let read = outcome.plan
        let comparison = PlanComparison.compare(plan, read, tolerance: 1e-4, capabilities: writer.descriptor.capabilities)
        let score = outcome.scores.first { $0.vendor == outcome.vendor }?.score ?? 0
        var differences = comparison.failures
        if outcome.vendor != writer.descriptor.id {
            differences.insert("probing picked \(outcome.vendor), not \(writer.descriptor.id)", at: 0)
        }
        differences += outcome.problems.map { "structure: \($0)" }
        return Confirmation(
            detected: outcome.vendor, score: score,
            alignersPerArch: Dictionary(uniqueKeysWithValues: read.arches.map { ($0.jaw, $0.alignerCount) }),
            teeth: read.arches.reduce(0) { $0 + $1.teeth.count }, attachments: read.arches.reduce(0) { $0 + $1.attachments.count },
            iprEvents: read.arches.reduce(0) { $0 + $1.ipr.count }, differences: differences,
            largestDifferenceMM: comparison.largestDifferenceMM, isConfirmed: differences.isEmpty)
    }
}
