import Foundation
import Gateway
import Ledger

/// An intake job as the API shows it (the OpenAPI document's `Intake`): never the lease owner or who else
/// submitted the same archive.
struct IntakeView: Encodable {
    var id: String
    var status: String
    var archiveSHA256: String
    var bytes: Int64
    var target: String
    var vendor: String?
    var attempts: Int
    var submittedAt: String
    var startedAt: String?
    var finishedAt: String?
    var intakeID: Int64?
    var caseID: String?
    var verdict: String?
    var accepted: Bool?
    var error: String?

    init(_ job: IntakeJobRecord) {
        id = job.id
        status = job.status.rawValue
        archiveSHA256 = job.archiveSHA256
        bytes = job.bytes
        target = job.target
        vendor = job.vendor
        attempts = job.attempts
        submittedAt = job.submittedAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        intakeID = job.intakeID
        caseID = job.caseID
        verdict = job.verdict
        accepted = job.accepted
        error = job.error
    }

    /// `{"intake": {…}, "report": {…}}`: the report, when done, byte for byte as the worker stored it — what
    /// `aligngate intake --json` prints for the archive.
    static func document(_ job: IntakeJobRecord) throws -> String {
        let view = indent(try StableJSON.string(IntakeView(job)))
        guard let report = job.report else { return "{\n  \"intake\" : \(view)\n}" }
        return "{\n  \"intake\" : \(view),\n  \"report\" : \(indent(report))\n}"
    }

    /// Nests a pretty-printed document one level deeper.
    static func indent(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\n  ")
    }
}

/// Listings: `{"intakes": [{…}, …]}`.
struct IntakeList: Encodable {
    var intakes: [IntakeView]
}
