import Foundation
import Ledger
import PlanModel
import PlanPackage
import VendorKit

/// What `aligngate restage` did.
public struct RestageOutcome: Sendable, Codable {
    public var caseID: String
    public var target: String
    public var margin: Double
    public var sourceRevision: String
    /// False when the plan already fits: nothing was written or recorded.
    public var changed: Bool
    /// The derived revision (nil when unchanged).
    public var revision: String?
    /// Where the derived plan was written (nil when unchanged).
    public var output: String?
    public var arches: [ArchRestaging]
    /// Stage caps that bound the result: the target's and `--max-stages`.
    public var targetCap: Int?
    public var maxStages: Int?
    /// The derived plan's verdict against the target, and its step-limit errors (always 0).
    public var verdict: Report.Verdict
    public var stepLimitErrors: Int
    /// The ledger's derivation record id.
    public var derivation: Int64?

    /// "upper 28 → 34 aligners, lower 26 → 31".
    public var detail: String {
        arches.enumerated().map { i, a in
            "\(a.jaw.rawValue) \(a.originalAligners) → \(a.aligners)\(i == 0 ? " aligners" : "")\(a.padding > 0 ? " (\(a.padding) passive to end together)" : "")"
        }.joined(separator: ", ")
    }
}

/// Restaging a plan for a stricter system: the maths is PlanModel's `Restaging`; this is the use case —
/// the target's limits, the stage caps, the derivation in plan.json, the package written and the ledger entry.
public enum Restage {
    /// The restaged plan for `descriptor` (derivation recorded in it) and what happened per arch; the plan
    /// is returned unchanged when it already fits.
    public static func plan(_ plan: TreatmentPlan, for descriptor: VendorDescriptor, margin: Double, maxStages: Int?,
                            sourceRevision: String) throws(GatewayError) -> (plan: TreatmentPlan, arches: [ArchRestaging], changed: Bool) {
        let profile = descriptor.profile
        let caps = [profile.maxStages, maxStages].compactMap { $0 }
        let result: (plan: TreatmentPlan, arches: [ArchRestaging])
        do {
            result = try Restaging.restage(plan, margin: margin, maxAligners: caps.min()) { profile.limit($1, for: $0.toothClass) }
        } catch {
            var capSource: String?
            if case .tooManyAligners(_, _, let cap) = error {
                capSource = cap == maxStages ? "--max-stages \(cap)" : "\(descriptor.name) takes at most \(cap) per arch"
            }
            throw .restage(target: descriptor.id, error, capSource: capSource)
        }
        guard result.arches.contains(where: { $0.added > 0 }) else { return (plan, result.arches, false) }
        var derived = result.plan
        derived.derivation = PlanDerivation(sourceRevision: sourceRevision, target: descriptor.id, margin: margin,
                                            sourceAligners: Dictionary(uniqueKeysWithValues: plan.arches.map { ($0.jaw.rawValue, $0.alignerCount) }))
        return (derived, result.arches, true)
    }

    /// Restages `plan` for `vendor`, writes the derived package at `out` (unless it already fits) and records
    /// the derivation in `ledger`. The derived revision is not approved: it needs its own approval.
    public static func run(_ plan: TreatmentPlan, vendor: String, to out: URL, margin: Double = RestagePrice.defaultMargin,
                           maxStages: Int? = nil, form: PlanPackage.Form = .folder, overwrite: Bool = false,
                           registry: Registry, ledger: any LedgerStore) async throws(GatewayError) -> RestageOutcome {
        let adapter: any VendorAdapter
        do { adapter = try registry.adapter(vendor) } catch { throw .vendor(error) }
        let d = adapter.descriptor
        let source = try Approval.revision(plan)
        let (derived, arches, changed) = try Self.plan(plan, for: d, margin: margin, maxStages: maxStages, sourceRevision: source.hash)
        let report = adapter.check(derived)
        let stepErrors = report.errors.filter { $0.code == FindingCode.stepLimit }.count
        var outcome = RestageOutcome(caseID: plan.metadata.caseID, target: d.id, margin: margin, sourceRevision: source.hash,
                                     changed: changed, revision: nil, output: nil, arches: arches, targetCap: d.profile.maxStages,
                                     maxStages: maxStages, verdict: report.verdict, stepLimitErrors: stepErrors, derivation: nil)
        guard changed else { return outcome }
        // Every sub-step is within margin × the limits as Movements measures them, so this cannot happen;
        // if it ever did, writing the plan would hand the user a plan that still does not fit.
        guard stepErrors == 0 else {
            throw .restage(target: d.id, .stillOverLimits(count: stepErrors), capSource: nil)
        }
        let revision = try Approval.revision(derived)
        let target = out.standardizedFileURL
        do { try PlanPackage.write(derived, to: target, form: form, overwrite: overwrite) } catch { throw .plan(error) }
        do {
            let record = try await ledger.recordDerivation(revision, from: source, target: d.id, margin: margin, detail: outcome.detail,
                                                          at: Date()).record
            outcome.derivation = record.id
        } catch { throw .ledger(error) }
        outcome.revision = revision.hash
        outcome.output = target.path
        return outcome
    }
}
