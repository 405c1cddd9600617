import PlanModel
import VendorKit

/// Which systems can take a plan, and what each would need changed.
public struct CompatibilityMatrix: Sendable, Hashable, Codable {
    public var caseID: String
    public var rows: [Row]

    /// One system's verdict on the plan.
    public struct Row: Sendable, Hashable, Codable {
        public var vendor: String
        public var name: String
        public var verdict: Report.Verdict
        public var errors: Int
        public var warnings: Int
        public var notes: Int
        /// Every finding, errors first, then warnings, then notes (stable within each).
        public var findings: [Finding]
        /// What restaging for this system costs, when the verdict has step-limit errors.
        public var restage: RestagePrice?
    }

    /// Checks `plan` against every adapter of `registry` that exports (or only those in `vendors`).
    public static func check(_ plan: TreatmentPlan, registry: Registry, vendors: [String] = [],
                             strict: Bool = false) throws(VendorError) -> CompatibilityMatrix {
        let chosen: [any VendorAdapter]
        if vendors.isEmpty {
            chosen = registry.adapters.filter { $0.descriptor.direction.exports }
        } else {
            var picked: [any VendorAdapter] = []
            for id in vendors { picked.append(try registry.adapter(id)) }
            chosen = picked
        }
        let rows = chosen.map { adapter -> Row in
            let report = strict ? adapter.check(plan).strict() : adapter.check(plan)
            let ordered = Finding.Severity.allCases.flatMap { s in report.findings.filter { $0.severity == s } }
            let overLimits = report.errors.contains { $0.code == FindingCode.stepLimit }
            return Row(vendor: adapter.descriptor.id, name: adapter.descriptor.name, verdict: report.verdict,
                       errors: report.errors.count, warnings: report.warnings.count, notes: report.notes.count,
                       findings: ordered, restage: overLimits ? RestagePrice.of(plan, for: adapter.descriptor) : nil)
        }
        return CompatibilityMatrix(caseID: plan.metadata.caseID, rows: rows)
    }
}
