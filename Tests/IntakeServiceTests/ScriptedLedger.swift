import Foundation
@testable import IntakeService
import Ledger

/// A ledger that forwards to a real one, for the failures a test needs at a chosen moment: every call
/// refused (`failing`), or one enqueue held or refused by `beforeEnqueue` (given the call's number, from 1).
final class ScriptedLedger: LedgerStore, @unchecked Sendable {
    let base: any LedgerStore
    let beforeEnqueue: @Sendable (Int, IntakeJobRecord) async throws(LedgerError) -> Void
    private let enqueueCalls = Locked(0)
    private let failingAll = Locked(false)
    private let lookupDelays = Locked(Duration.zero)
    private let renewals = Locked<[(granted: Bool, until: Date)]>([])

    init(_ base: any LedgerStore, beforeEnqueue: @escaping @Sendable (Int, IntakeJobRecord) async throws(LedgerError) -> Void = { _, _ in }) {
        self.base = base
        self.beforeEnqueue = beforeEnqueue
    }

    static let unavailable = LedgerError(file: "scripted", reason: .database("the test made the ledger unavailable"))

    /// From now on every call fails as an unreachable database would.
    var failing: Bool {
        get { failingAll.withLock { $0 } }
        set { failingAll.withLock { $0 = newValue } }
    }

    /// How long each look-up of a recorded intake takes (a worker's first step): a slow job on cue.
    var lookupDelay: Duration {
        get { lookupDelays.withLock { $0 } }
        set { lookupDelays.withLock { $0 = newValue } }
    }

    var location: String { base.location }

    private func passing() throws(LedgerError) {
        if failing { throw Self.unavailable }
    }

    func intake(archiveSHA256: String, profile: String) async throws(LedgerError) -> IntakeRecord? {
        try passing()
        try? await Task.sleep(for: lookupDelay)
        return try await base.intake(archiveSHA256: archiveSHA256, profile: profile)
    }

    func intake(id: Int64) async throws(LedgerError) -> IntakeRecord? {
        try passing()
        return try await base.intake(id: id)
    }

    func recordIntake(_ intake: IntakeRecord, revision: RevisionInfo?) async throws(LedgerError) -> (record: IntakeRecord, isNew: Bool) {
        try passing()
        return try await base.recordIntake(intake, revision: revision)
    }

    func history(caseID: String) async throws(LedgerError) -> CaseHistory {
        try passing()
        return try await base.history(caseID: caseID)
    }

    func verifyAudit() async throws(LedgerError) -> AuditVerification {
        try passing()
        return try await base.verifyAudit()
    }

    func approve(_ revision: RevisionInfo, doctor: String, note: String, report: ReviewedReport?, at date: Date) async throws(LedgerError) -> (ApprovalRecord, AuditEntry) {
        try passing()
        return try await base.approve(revision, doctor: doctor, note: note, report: report, at: date)
    }

    func approval(of planHash: String) async throws(LedgerError) -> ApprovalRecord? {
        try passing()
        return try await base.approval(of: planHash)
    }

    func beginExport(_ export: ExportRecord, revision: RevisionInfo) async throws(LedgerError) -> ExportRecord {
        try passing()
        return try await base.beginExport(export, revision: revision)
    }

    func setStaging(_ id: Int64, staging: String) async throws(LedgerError) {
        try passing()
        try await base.setStaging(id, staging: staging)
    }

    func stageExport(_ id: Int64, sha256: String, bytes: Int64, findings: String) async throws(LedgerError) {
        try passing()
        try await base.stageExport(id, sha256: sha256, bytes: bytes, findings: findings)
    }

    func finishExport(_ id: Int64, status: ExportRecord.Status, seconds: Double?, detail: String?, at date: Date) async throws(LedgerError) -> (ExportRecord, AuditEntry?)? {
        try passing()
        return try await base.finishExport(id, status: status, seconds: seconds, detail: detail, at: date)
    }

    func pendingExports() async throws(LedgerError) -> [ExportRecord] {
        try passing()
        return try await base.pendingExports()
    }

    func export(_ id: Int64) async throws(LedgerError) -> ExportRecord? {
        try passing()
        return try await base.export(id)
    }

    func recordDerivation(_ derived: RevisionInfo, from source: RevisionInfo, target: String, margin: Double, detail: String, at date: Date) async throws(LedgerError) -> (record: DerivationRecord, isNew: Bool) {
        try passing()
        return try await base.recordDerivation(derived, from: source, target: target, margin: margin, detail: detail, at: date)
    }

    func derivations(of planHash: String) async throws(LedgerError) -> [DerivationRecord] {
        try passing()
        return try await base.derivations(of: planHash)
    }

    func enqueueIntake(_ job: IntakeJobRecord, client: String) async throws(LedgerError) -> (job: IntakeJobRecord, isNew: Bool) {
        try passing()
        let call = enqueueCalls.withLock { calls in
            calls += 1
            return calls
        }
        try await beforeEnqueue(call, job)
        return try await base.enqueueIntake(job, client: client)
    }

    func claimIntakeJob(worker: String, lease: TimeInterval, now: Date, maxAttempts: Int) async throws(LedgerError) -> IntakeJobRecord? {
        try passing()
        return try await base.claimIntakeJob(worker: worker, lease: lease, now: now, maxAttempts: maxAttempts)
    }

    func renewLease(job id: String, worker: String, lease: TimeInterval, now: Date) async throws(LedgerError) -> Bool {
        try passing()
        let granted = try await base.renewLease(job: id, worker: worker, lease: lease, now: now)
        renewals.withLock { $0.append((granted, now.addingTimeInterval(lease))) }
        return granted
    }

    /// Every lease renewal asked for so far: whether the ledger granted it, and until when.
    var leaseRenewals: [(granted: Bool, until: Date)] { renewals.withLock { $0 } }

    func finishIntakeJob(_ id: String, worker: String, outcome: IntakeJobOutcome, now: Date) async throws(LedgerError) -> Bool {
        try passing()
        return try await base.finishIntakeJob(id, worker: worker, outcome: outcome, now: now)
    }

    func intakeJob(_ id: String, client: String) async throws(LedgerError) -> IntakeJobRecord? {
        try passing()
        return try await base.intakeJob(id, client: client)
    }

    func intakeJobs(client: String, caseID: String?, limit: Int) async throws(LedgerError) -> [IntakeJobRecord] {
        try passing()
        return try await base.intakeJobs(client: client, caseID: caseID, limit: limit)
    }

    func allIntakeJobs() async throws(LedgerError) -> [IntakeJobRecord] {
        try passing()
        return try await base.allIntakeJobs()
    }

    func queueDepth() async throws(LedgerError) -> QueueDepth {
        try passing()
        return try await base.queueDepth()
    }

    func createAPIKey(client: String, now: Date) async throws(LedgerError) -> (key: String, record: APIKeyRecord) {
        try passing()
        return try await base.createAPIKey(client: client, now: now)
    }

    func revokeAPIKey(_ id: String, now: Date) async throws(LedgerError) -> APIKeyRecord {
        try passing()
        return try await base.revokeAPIKey(id, now: now)
    }

    func apiKeys() async throws(LedgerError) -> [APIKeyRecord] {
        try passing()
        return try await base.apiKeys()
    }

    func client(forKey key: String) async throws(LedgerError) -> String? {
        try passing()
        return try await base.client(forKey: key)
    }
}
