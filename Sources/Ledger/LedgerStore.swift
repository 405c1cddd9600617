import Foundation

/// What the intake service needs of a ledger — intake records, the job queue, API keys, case history and
/// the audit chain — so the same service runs on the embedded SQLite `Ledger` or on a shared server store.
/// Requirements are async: the SQLite store answers synchronously, a network store does not.
public protocol LedgerStore: Sendable {
    /// Where the store lives (a file path, or a server URL without its password), for messages.
    var location: String { get }

    func intake(archiveSHA256: String, profile: String) async throws(LedgerError) -> IntakeRecord?
    func intake(id: Int64) async throws(LedgerError) -> IntakeRecord?
    func recordIntake(_ intake: IntakeRecord, revision: RevisionInfo?) async throws(LedgerError) -> (record: IntakeRecord, isNew: Bool)
    func history(caseID: String) async throws(LedgerError) -> CaseHistory
    func verifyAudit() async throws(LedgerError) -> AuditVerification

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
