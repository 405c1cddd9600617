import Foundation
import Ledger
import Testing

/// The ledger's job queue on SQLite: claims, leases, re-claims, the attempt cap, and keys.
@Suite struct QueueTests {
    func ledger() throws -> Ledger {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-queue-\(UUID().uuidString)")
        return try Ledger.open(folder.appendingPathComponent("ledger.sqlite"))
    }

    func job(_ n: Int, target: String = "print-3mf", at: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> IntakeJobRecord {
        IntakeJobRecord(id: IntakeQueue.newJobID(), archiveSHA256: String(format: "%064x", n), target: target, vendor: nil,
                        bytes: 10, submittedAt: LedgerTime.now(at.addingTimeInterval(Double(n))))
    }

    @Test func theMigrationsAreAppended() throws {
        #expect(try ledger().schemaVersion() == 6)  // 6: API keys audited
    }

    @Test func oneJobPerArchiveAndTarget() throws {
        let ledger = try ledger()
        let first = try ledger.enqueueIntake(job(1), client: "a")
        let again = try ledger.enqueueIntake(job(1), client: "b")
        #expect(first.isNew && !again.isNew && again.job.id == first.job.id)
        #expect(try ledger.enqueueIntake(job(1, target: "generic-stl"), client: "a").isNew)
        #expect(try ledger.intakeJob(first.job.id, client: "a") != nil)
        #expect(try ledger.intakeJob(first.job.id, client: "b") != nil)
        #expect(try ledger.intakeJob(first.job.id, client: "c") == nil)
        #expect(try ledger.queueDepth().queued == 2)
    }

    @Test func claimsTakeTheOldestAndNeverTheSameJobTwice() throws {
        let ledger = try ledger()
        for n in 0..<3 { _ = try ledger.enqueueIntake(job(n), client: "a") }
        let now = Date(timeIntervalSince1970: 1_800_000_100)
        let claims = try (0..<4).map { w in try ledger.claimIntakeJob(worker: "w\(w)", lease: 60, now: now) }
        #expect(claims.compactMap { $0?.archiveSHA256 } == (0..<3).map { String(format: "%064x", $0) })
        #expect(claims[3] == nil)
        #expect(claims.compactMap { $0 }.allSatisfy { $0.status == .running && $0.attempts == 1 })
    }

    @Test func concurrentClaimsFromManyConnectionsAreExclusive() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-queue-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("ledger.sqlite")
        let setup = try Ledger.open(file)
        for n in 0..<40 { _ = try setup.enqueueIntake(job(n), client: "a") }
        // Four workers, each with its own connection (as four processes would have).
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for w in 0..<4 {
                group.addTask {
                    let ledger = try Ledger.open(file)
                    var mine: [String] = []
                    while let job = try ledger.claimIntakeJob(worker: "w\(w)", lease: 600) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 40 && Set(claimed).count == 40)
    }

    @Test func anExpiredLeaseIsClaimedAgainAndTheOldWorkerCannotFinish() throws {
        let ledger = try ledger()
        _ = try ledger.enqueueIntake(job(1), client: "a")
        let t0 = Date(timeIntervalSince1970: 1_800_000_100)
        let first = try #require(try ledger.claimIntakeJob(worker: "dead", lease: 30, now: t0))
        // Within the lease nobody else gets it; renewing keeps it.
        #expect(try ledger.claimIntakeJob(worker: "other", lease: 30, now: t0.addingTimeInterval(20)) == nil)
        #expect(try ledger.renewLease(job: first.id, worker: "dead", lease: 30, now: t0.addingTimeInterval(20)))
        #expect(try ledger.claimIntakeJob(worker: "other", lease: 30, now: t0.addingTimeInterval(45)) == nil)
        // Expired: claimed again.
        let second = try #require(try ledger.claimIntakeJob(worker: "other", lease: 30, now: t0.addingTimeInterval(51)))
        #expect(second.id == first.id && second.attempts == 2 && second.leaseOwner == "other")
        #expect(try !ledger.renewLease(job: first.id, worker: "dead", lease: 30, now: t0.addingTimeInterval(52)))
        let outcome = IntakeJobOutcome.failed("test")
        #expect(try !ledger.finishIntakeJob(first.id, worker: "dead", outcome: outcome, now: t0.addingTimeInterval(53)))
        #expect(try ledger.finishIntakeJob(first.id, worker: "other", outcome: outcome, now: t0.addingTimeInterval(53)))
        #expect(try ledger.intakeJob(first.id, client: "a")?.status == .failed)
        #expect(try ledger.claimIntakeJob(worker: "third", lease: 30, now: t0.addingTimeInterval(500)) == nil)
    }

    @Test func aJobWhoseWorkersKeepDyingIsFailedAfterTheAttemptCap() throws {
        let ledger = try ledger()
        _ = try ledger.enqueueIntake(job(1), client: "a")
        var t = Date(timeIntervalSince1970: 1_800_000_100)
        for attempt in 1...IntakeQueue.maxAttempts {
            let claim = try #require(try ledger.claimIntakeJob(worker: "w\(attempt)", lease: 10, now: t))
            #expect(claim.attempts == attempt)
            t = t.addingTimeInterval(11)
        }
        #expect(try ledger.claimIntakeJob(worker: "last", lease: 10, now: t) == nil)
        let job = try #require(try ledger.allIntakeJobs().first)
        #expect(job.status == .failed && job.error?.hasPrefix("abandoned") == true)
    }

    @Test func keysAreKeptOnlyAsHashesAndRevocable() throws {
        let ledger = try ledger()
        let (key, record) = try ledger.createAPIKey(client: "lab-a")
        #expect(key.hasPrefix("agk_\(record.id)_") && key.count == 4 + 12 + 1 + 64)
        #expect(try ledger.client(forKey: key) == "lab-a")
        #expect(try ledger.client(forKey: key + "0") == nil)
        let raw = try Data(contentsOf: ledger.file) + ((try? Data(contentsOf: URL(fileURLWithPath: ledger.file.path + "-wal"))) ?? Data())
        #expect(raw.range(of: Data(key.utf8)) == nil)
        #expect(raw.range(of: Data(APIKey.hash(key).utf8)) != nil)
        _ = try ledger.revokeAPIKey(record.id)
        #expect(try ledger.client(forKey: key) == nil)
        #expect(throws: LedgerError.self) { try ledger.revokeAPIKey("nope") }
        #expect(throws: LedgerError.self) { try ledger.createAPIKey(client: "no spaces") }
        #expect(throws: LedgerError.self) { try ledger.createAPIKey(client: "") }
    }
}
