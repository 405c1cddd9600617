import Foundation
import PlanModel
import VendorKit

/// Everything a review report shows, gathered by the caller: the plan, its revision, the ledger's approval
/// state and the checks against the chosen systems. The report is a pure function of this value.
public struct ReportInput: Sendable {
    public var plan: TreatmentPlan
    /// The plan's canonical revision hash (the one an approval binds).
    public var revision: String
    public var approval: ApprovalState
    /// The chosen systems, in the order the reader asked for them.
    public var systems: [SystemCheck]
    /// Structural problems of the plan (`PlanValidator`).
    public var problems: [PlanProblem]
    /// The day the patient starts aligner 1, when known: visits then get dates.
    public var start: Date?
    /// When the report was made (ledger time text), shown in the header.
    public var generated: String

    public init(plan: TreatmentPlan, revision: String, approval: ApprovalState, systems: [SystemCheck],
                problems: [PlanProblem], start: Date? = nil, generated: String) {
        self.plan = plan
        self.revision = revision
        self.approval = approval
        self.systems = systems
        self.problems = problems
        self.start = start
        self.generated = generated
    }
}

/// What the ledger says about this exact revision.
public enum ApprovalState: Sendable, Hashable {
    /// Approved by `doctor` at `at` (approval `id`), after reviewing the report with `reportSHA256` if recorded.
    case approved(doctor: String, at: String, id: Int64, note: String, reportSHA256: String?)
    /// Not approved; `reason` says why the report knows (no approval recorded, no ledger at a path).
    case notApproved(reason: String)
}

/// One system's check of the plan: its limits (for the heat map) and its verdict with findings.
public struct SystemCheck: Sendable, Hashable {
    public var id: String
    public var name: String
    public var profile: RuleProfile
    public var verdict: Report.Verdict
    /// Errors first, then warnings, then notes.
    public var findings: [Finding]
    /// What restaging for this system costs, when its step limits are exceeded (`RestagePrice.text`).
    public var restagePrice: String?

    public init(id: String, name: String, profile: RuleProfile, verdict: Report.Verdict, findings: [Finding],
                restagePrice: String? = nil) {
        self.id = id
        self.name = name
        self.profile = profile
        self.verdict = verdict
        self.findings = findings
        self.restagePrice = restagePrice
    }

    /// Whether the system limits any per-stage movement (only those get a heat map).
    public var hasStepLimits: Bool {
        MovementKind.allCases.contains { kind in ToothClass.allCases.contains { profile.limit(kind, for: $0) != nil } }
    }
}
