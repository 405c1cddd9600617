import Foundation
import Ledger
import PlanModel
import VendorKit

/// What `aligngate intake --json` prints for an archive read now (the intake service returns the same).
public struct IntakeReport: Encodable, Sendable {
    public var vendor: String
    public var scores: [ProbeScore]
    public var accepted: Bool
    public var summary: PlanSummary
    public var readFindings: [Finding]
    public var problems: [PlanProblem]
    public var target: String?
    public var targetVerdict: Report.Verdict?
    public var targetFindings: [Finding]?
    /// stl-series: the recovery decisions (absent for every other format).
    public var recovery: GeometryRecovery?
    public var alreadyRecorded = false
    public var archiveSHA256: String
    public var recordedAt: String

    public init(_ o: IntakeOutcome, record: IntakeRecord) {
        archiveSHA256 = record.archiveSHA256
        recordedAt = record.at
        vendor = o.vendor
        scores = o.scores
        accepted = o.isAccepted
        summary = PlanSummary(plan: o.plan)
        readFindings = o.readReport.findings
        problems = o.problems
        target = o.target
        targetVerdict = o.targetReport?.verdict
        targetFindings = o.targetReport?.findings
        recovery = o.recovery
    }
}

/// What `aligngate intake --json` prints for an archive the ledger already holds.
public struct RecordedIntakeReport: Encodable, Sendable {
    public var alreadyRecorded = true
    public var intake: IntakeRecord

    public init(_ record: IntakeRecord) { intake = record }
}

/// The JSON every `--json` output (and the intake service) uses: pretty, key-sorted, stable for scripts and diffs.
public enum StableJSON {
    public static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
