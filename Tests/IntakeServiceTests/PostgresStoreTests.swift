import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
@testable import LedgerPostgres
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL store against a real server: `ALIGNGATE_TEST_POSTGRES_URL` names an empty database the
/// tests may fill (.ci/run starts a private cluster and sets it). Without it these tests say so and do nothing.
@Suite(.serialized) struct PostgresStoreTests {
    static let url = ProcessInfo.processInfo.environment["ALIGNGATE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let logger = Logger(label: "aligngate-test-postgres")

    /// A fresh schema-less database per test: a new database named after the test, dropped by the next run.
    static func store(_ name: String) async throws -> PostgresLedger? {
        guard let url else {
            // CI starts a cluster and must set it: there a missing URL is a failure, not a skip.
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but ALIGNGATE_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL for these tests")
            }
            print("PostgresStoreTests: ALIGNGATE_TEST_POSTGRES_URL is not set; the PostgreSQL store was NOT tested")
            return nil
        }
        let admin = try await PostgresLedger.connect(url, logger: logger)
        try await admin.recreateDatabase(name)
        await admin.close()
        let base = url.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return try await PostgresLedger.connect("\(base)/\(name)", logger: logger)
    }

    @Test func theQueueClaimsEachJobOnceAcrossConnections() async throws {
        guard let store = try await Self.store("aligngate_queue") else { return }
        defer { Task { await store.close() } }
        for n in 0..<30 {
            let job = IntakeJobRecord(id: IntakeQueue.newJobID(), archiveSHA256: String(format: "%064x", n), target: "print-3mf",
                                      vendor: nil, bytes: 1, submittedAt: LedgerTime.now(Date(timeIntervalSince1970: 1_800_000_000 + Double(n))))
            let queued = try await store.enqueueIntake(job, client: "a")
            #expect(queued.isNew)
            #expect(try await !store.enqueueIntake(job, client: "b").isNew)
        }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for w in 0..<4 {
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claimIntakeJob(worker: "w\(w)", lease: 600, now: Date(), maxAttempts: 3) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 30 && Set(claimed).count == 30)
        // An expired lease is claimed again; the old holder can neither renew nor finish.
        let first = try #require(claimed.first)
        let later = Date().addingTimeInterval(700)
        let again = try #require(try await store.claimIntakeJob(worker: "late", lease: 60, now: later, maxAttempts: 3))
        #expect(again.attempts == 2)
        let holder = try #require(try await store.allIntakeJobs().first { $0.id == again.id }?.leaseOwner)
        #expect(holder == "late")
        #expect(try await store.finishIntakeJob(again.id, worker: "late", outcome: .failed("test"), now: later))
        #expect(try await store.queueDepth().failed == 1)
        let seenByB = try await store.intakeJob(first, client: "b"), seenByC = try await store.intakeJob(first, client: "c")
        #expect(seenByB != nil && seenByC == nil)
    }

    @Test func aFailedJobIsQueuedAgainOnEitherStore() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-retry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.retry(on: try Ledger.open(folder.appendingPathComponent("ledger.sqlite")))
        guard let store = try await Self.store("aligngate_retry") else { return }
        defer { Task { await store.close() } }
        try await Self.retry(on: store)
    }

    static func retry(on store: any LedgerStore) async throws {
        let job = IntakeJobRecord(id: IntakeQueue.newJobID(), archiveSHA256: String(repeating: "e", count: 64), target: "print-3mf",
                                  vendor: nil, bytes: 10, submittedAt: LedgerTime.now())
        #expect(try await store.enqueueIntake(job, client: "a").isNew)
        let claimed = try #require(try await store.claimIntakeJob(worker: "w", lease: 60, now: Date(), maxAttempts: 3))
        #expect(try await store.finishIntakeJob(claimed.id, worker: "w", outcome: .failed("unreadable"), now: Date()))
        var again = job
        again.id = IntakeQueue.newJobID()
        again.vendor = "generic-stl"
        let retried = try await store.enqueueIntake(again, client: "b")
        #expect(retried.isNew && retried.job.id == job.id, "\(store.location)")
        let stored = try #require(try await store.intakeJob(job.id, client: "b"))
        #expect(stored.status == .queued && stored.attempts == 0 && stored.error == nil && stored.finishedAt == nil
                && stored.leaseOwner == nil && stored.vendor == "generic-stl", "\(stored)")
        // Queued (and later done) jobs are not redone: the same job, not new.
        #expect(try await !store.enqueueIntake(again, client: "a").isNew)
        #expect(try await store.allIntakeJobs().count == 1)
    }

    /// Nothing listens on port 1: the error names the cause at once (the pool alone would retry for 15 s, then
    /// say only that its circuit breaker tripped).
    @Test func anUnreachableServerIsNamedWithItsCause() async throws {
        do {
            let store = try await PostgresLedger.connect("postgres://aligngate:secret@127.0.0.1:1/none", logger: Self.logger)
            await store.close()
            Issue.record("connected to port 1")
        } catch {
            let text = error.description
            #expect(text.contains("cannot reach the database") && text.contains("refused"), "\(text)")
            #expect(text.contains("postgres://aligngate@127.0.0.1:1/none") && !text.contains("secret"), "\(text)")
        }
    }

    @Test func keysIntakesAndTheAuditChainWorkAsOnSQLite() async throws {
        guard let store = try await Self.store("aligngate_flow") else { return }
        defer { Task { await store.close() } }
        let (key, record) = try await store.createAPIKey(client: "lab-a", now: Date())
        #expect(try await store.client(forKey: key) == "lab-a")
        _ = try await store.revokeAPIKey(record.id, now: Date())
        #expect(try await store.client(forKey: key) == nil)

        // The service over PostgreSQL, end to end with in-process workers.
        let f = try ServiceFixture()
        let live = try await store.createAPIKey(client: "lab-b", now: Date()).key
        let api = IntakeAPI(ledger: store, archives: f.archives, registry: f.registry, settings: ServiceSettings(port: 0))
        let workers = IntakeWorkers(ledger: store, archives: f.archives, registry: f.registry,
                                    settings: .init(count: 2, lease: 30, poll: .milliseconds(50)), logger: f.logger)
        let archives = try (1...3).map { try f.archive(seed: UInt64($0)) }
        try await IntakeServer.application(api, services: [workers], logger: f.logger).test(.live) { client in
            var ids: [String] = []
            for archive in archives {
                ids.append(try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(live),
                                                    body: ByteBuffer(data: archive)) { try intake($0.body)["id"] as? String ?? "" })
            }
            for _ in 0..<600 {
                if try await store.queueDepth().done == ids.count { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await store.queueDepth().done == ids.count)
            try await client.execute(uri: "/v1/intakes/\(ids[0])", method: .get, headers: ServiceFixture.bearer(live)) { response throws in
                #expect(try json(response.body)["report"] is [String: Any])
            }
        }
        let verification = try await store.verifyAudit()
        #expect(verification.isIntact && verification.entries == 6)  // two keys created, one revoked, three intakes
        let recorded = try #require(try await store.intake(id: 1))
        let history = try await store.history(caseID: recorded.caseID)
        #expect(history.events.count == 2)
    }

    @Test func approvalsExportsAndDerivationsAreRecordedAsOnSQLite() async throws {
        guard let store = try await Self.store("aligngate_records") else { return }
        defer { Task { await store.close() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-pg-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try Ledger.open(folder.appendingPathComponent("ledger.sqlite"))
        let onPostgres = try await Self.records(store), onSQLite = try await Self.records(sqlite)
        // The same rows, the same chain: entry for entry the same hashes, the same history, the same verdict.
        #expect(onPostgres.entries == onSQLite.entries)
        #expect(onPostgres.history == onSQLite.history)
        #expect(onPostgres.history.events.count == 6)
        #expect(onPostgres.verification == onSQLite.verification)
        #expect(onPostgres.verification.isIntact && onPostgres.verification.entries == 3)

        // An approval written beside the chain is not trusted by the gate, and verify names it.
        let forged = String(repeating: "b", count: 64)
        _ = try await store.rows("INSERT INTO approval (planHash, caseID, doctor, note, at) VALUES (\(forged), 'case-1', 'Dr. Forged', '', '2027-01-01T00:00:00.000Z')")
        await #expect(throws: LedgerError.self) { try await store.approval(of: forged) }
        let broken = try await store.verifyAudit()
        #expect(!broken.isIntact)
        #expect(broken.problem == .unaudited(kind: "approval", id: 2))
    }

    /// The same approvals, exports and derivations on any store at fixed times: the entries appended, the
    /// case's history and the audit verdict.
    static func records(_ store: any LedgerStore) async throws -> (entries: [AuditEntry], history: CaseHistory, verification: AuditVerification) {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let source = RevisionInfo(hash: String(repeating: "a", count: 64), caseID: "case-1", summary: "upper 20 aligners")
        let derived = RevisionInfo(hash: String(repeating: "b", count: 64), caseID: "case-1", summary: "upper 24 aligners")
        var entries: [AuditEntry] = []
        #expect(try await store.approval(of: source.hash) == nil)
        let report = ReviewedReport(sha256: String(repeating: "c", count: 64), file: "review.html")
        let (approval, approved) = try await store.approve(source, doctor: "Dr. A", note: "as planned", report: report, at: t)
        entries.append(approved)
        #expect(try await store.approval(of: source.hash) == approval)

        let derivation = try await store.recordDerivation(derived, from: source, target: "print-3mf", margin: 0.9, detail: "upper 20 → 24", at: t + 1)
        #expect(derivation.isNew)
        let again = try await store.recordDerivation(derived, from: source, target: "print-3mf", margin: 0.9, detail: "upper 20 → 24", at: t + 2)
        #expect(!again.isNew && again.record == derivation.record)
        #expect(try await store.derivations(of: derived.hash) == [derivation.record])
        #expect(try await store.approval(of: derived.hash) == nil)

        let begun = try await store.beginExport(
            ExportRecord(planHash: source.hash, caseID: "case-1", vendor: "generic-stl", options: "{}", path: "/out/case.zip", staging: "",
                         approvalID: approval.id, unapproved: false, ownerHost: "host", ownerPID: 42, startedAt: LedgerTime.now(t + 3)),
            revision: source)
        let id = try #require(begun.id)
        try await store.setStaging(id, staging: "/out/.case.zip.aligngate-staging")
        try await store.stageExport(id, sha256: String(repeating: "d", count: 64), bytes: 1234, findings: "[]")
        #expect(try await store.pendingExports().map(\.id) == [id])
        let finished = try #require(try await store.finishExport(id, status: .complete, seconds: 1.5, detail: nil, at: t + 4))
        entries += [finished.1].compactMap { $0 }
        #expect(finished.0.status == .complete && finished.0.sha256 == String(repeating: "d", count: 64))
        // Settled once: a second settlement changes nothing.
        #expect(try await store.finishExport(id, status: .abandoned, seconds: nil, detail: "late", at: t + 5) == nil)

        // A failed export is recorded, not audited.
        let failing = try await store.beginExport(
            ExportRecord(planHash: derived.hash, caseID: "case-1", vendor: "print-3mf", options: "{}", path: "/out/derived.3mf", staging: "/out/.s",
                         approvalID: nil, unapproved: true, ownerHost: "host", ownerPID: 42, startedAt: LedgerTime.now(t + 6)),
            revision: derived)
        let failingID = try #require(failing.id)
        let settled = try #require(try await store.finishExport(failingID, status: .failed, seconds: 0.25, detail: "the adapter refused", at: t + 7))
        #expect(settled.1 == nil)
        #expect(try await store.export(id) == finished.0)
        #expect(try await store.pendingExports().isEmpty)
        return (entries, try await store.history(caseID: "case-1"), try await store.verifyAudit())
    }
}
