import Foundation
import PlanModel
import VendorKit

/// Intake: probe → parse → validate → check against a target system's profile.
public struct IntakeOutcome: Sendable {
    /// The adapter that read the archive.
    public var vendor: String
    /// Every adapter's probe score, highest first (empty when the vendor was named).
    public var scores: [ProbeScore]
    public var plan: TreatmentPlan
    /// What the reading adapter noticed (losses, inconsistencies).
    public var readReport: Report
    /// Structural problems of the plan read.
    public var problems: [PlanProblem]
    /// The target system's check, when one was named.
    public var target: String?
    public var targetReport: Report?
    /// For a plan recovered from geometry (stl-series): files → arch and stage, and every recovery decision.
    public var recovery: GeometryRecovery?

    /// Rejected when the plan is structurally invalid, the reader found errors, or the target refuses it.
    public var isAccepted: Bool {
        problems.isEmpty && readReport.errors.isEmpty && (targetReport.map { $0.verdict != .incompatible } ?? true)
    }
}

public enum Intake {
    /// Reads `url` with the named adapter, or the one probing picks, and checks it against `target`.
    public static func run(_ url: URL, registry: Registry, vendor: String? = nil, target: String? = nil,
                           options: IntakeOptions = IntakeOptions(), strict: Bool = false) throws(VendorError) -> IntakeOutcome {
        let reader: any VendorAdapter
        var scores: [ProbeScore] = []
        if let vendor {
            reader = try registry.adapter(vendor)
            guard reader.descriptor.direction.ingests else { throw .unsupportedDirection(vendor: vendor, .intake) }
        } else {
            let listing = try ArchiveListing.load(url, password: options.password)
            scores = Probe.scores(listing, adapters: registry.adapters)
            reader = try Probe.choose(listing, adapters: registry.adapters)
        }
        let checker = try target.map { id throws(VendorError) in try registry.adapter(id) }
        let result = try reader.read(url, options: options)
        let targetReport = checker.map { strict ? $0.check(result.plan).strict() : $0.check(result.plan) }
        return IntakeOutcome(vendor: reader.descriptor.id, scores: scores, plan: result.plan, readReport: result.report,
                             problems: PlanValidator.validate(result.plan), target: target, targetReport: targetReport,
                             recovery: result.recovery)
    }
}
