import Foundation

/// What a ledger records — intake records, approvals, exports, derivations, case history, the audit chain,
/// and the intake service's job queue and API keys — so the same code runs on the embedded SQLite `Ledger`
/// or on a shared server store. Requirements are async: the SQLite store answers synchronously, a network
/// store does not.
public protocol LedgerStore: Sendable {
    /// Where the store lives (a file path, or a server URL without its password), for messages.
    var location: String { get }

    func intake(archiveSHA256: String, profile: String) async throws(LedgerError) -> IntakeRecord?
    func intake(id: Int64) async throws(LedgerError) -> IntakeRecord?
    func recordIntake(_ intake: IntakeRecord, revision: RevisionInfo?) async throws(LedgerError) -> (record: IntakeRecord, isNew: Bool)
    func history(caseID: String) async throws(LedgerError) -> CaseHistory
    func verifyAudit() async throws(LedgerError) -> AuditVerification

    func approve(_ revision: RevisionInfo, doctor: String, note: String, report: ReviewedReport?, at date: Date)
        async throws(LedgerError) -> (ApprovalRecord, AuditEntry)
    func approval(of planHash: String) async throws(LedgerError) -> ApprovalRecord?
    func beginExport(_ export: ExportRecord, revision: RevisionInfo) async throws(LedgerError) -> ExportRecord
    func setStaging(_ id: Int64, staging: String) async throws(LedgerError)
    func stageExport(_ id: Int64, sha256: String, bytes: Int64, findings: String) async throws(LedgerError)
    func finishExport(_ id: Int64, status: ExportRecord.Status, seconds: Double?, detail: String?, at date: Date)
        async throws(LedgerError) -> (ExportRecord, AuditEntry?)?
    func pendingExports() async throws(LedgerError) -> [ExportRecord]
    func export(_ id: Int64) async throws(LedgerError) -> ExportRecord?
    func recordDerivation(_ derived: RevisionInfo, from source: RevisionInfo, target: String, margin: Double, detail: String,
                          at date: Date) async throws(LedgerError) -> (record: DerivationRecord, isNew: Bool)
    func derivations(of planHash: String) async throws(LedgerError) -> [DerivationRecord]

    /// Queues `job`, or returns the job already there for its (archive, target) — queued again if it failed (`isNew` true).
    func enqueueIntake(_ job: IntakeJobRecord, client: String) async throws(LedgerError) -> (job: IntakeJobRecord, isNew: Bool)
    func claimIntakeJob(worker: String, lease: TimeInterval, now: Date, maxAttempts: Int) async throws(LedgerError) -> IntakeJobRecord?
    func renewLease(job id: String, worker: String, lease: TimeInterval, now: Date) async throws(LedgerError) -> Bool
    func finishIntakeJob(_ id: String, worker: String, outcome: IntakeJobOutcome, now: Date) async throws(LedgerError) -> Bool
    func intakeJob(_ id: String, client: String) async throws(LedgerError) -> IntakeJobRecord?
    func intakeJobs(client: String, caseID: String?, limit: Int) async throws(LedgerError) -> [IntakeJobRecord]
    func allIntakeJobs() async throws(LedgerError) -> [IntakeJobRecord]
    func queueDepth() async throws(LedgerError) -> QueueDepth

    func createAPIKey(client: String, now: Date) async throws(LedgerError) -> (key: String, record: APIKeyRecord)
    func revokeAPIKey(_ id: String, now: Date) async throws(LedgerError) -> APIKeyRecord
    func apiKeys() async throws(LedgerError) -> [APIKeyRecord]
    func client(forKey key: String) async throws(LedgerError) -> String?
}

extension Ledger: LedgerStore {
    public var location: String { file.path }
}
