import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
import LedgerPostgres
import Logging
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
        #expect(verification.isIntact && verification.entries == 3)
        let recorded = try #require(try await store.intake(id: 1))
        let history = try await store.history(caseID: recorded.caseID)
        #expect(history.events.count == 2)
    }
}
