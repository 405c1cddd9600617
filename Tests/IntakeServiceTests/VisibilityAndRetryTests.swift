import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
import Testing

/// What a client sees of a case it shares an id with, a failed job queued again by a second upload, and a
/// long job keeping its lease.
@Suite struct VisibilityAndRetryTests {
    /// A job that runs longer than its lease keeps it: its worker renews it while it runs, each renewal
    /// granted and reaching past the lease it was claimed with, and finishes it on the first attempt. (Counted,
    /// not timed against a rival claim: the tests share two cores, so when a task runs is not ours to say.)
    @Test func aLongJobKeepsItsLease() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        try await f.application.test(.router) { client in
            try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                     body: ByteBuffer(data: try f.archive(seed: 7))) { #expect($0.status == .accepted) }
        }
        let slow = ScriptedLedger(f.ledger)
        slow.lookupDelay = .seconds(4)
        let lease: TimeInterval = 0.6
        let workers = IntakeWorkers(ledger: slow, archives: f.archives, registry: f.registry,
                                    settings: .init(count: 1, lease: lease, poll: .milliseconds(50)), metrics: f.api.metrics, logger: f.logger)
        let claimedAt = Date()
        let job = try #require(try f.ledger.claimIntakeJob(worker: "w", lease: lease, now: claimedAt, maxAttempts: 3))
        await workers.work(job, worker: "w")
        let renewals = slow.leaseRenewals
        #expect(!renewals.isEmpty, "the lease was never renewed")
        #expect(renewals.allSatisfy { $0.granted })
        #expect(renewals.contains { $0.until > claimedAt.addingTimeInterval(lease) })
        let done = try #require(try f.ledger.intakeJob(job.id, client: "lab-a"))
        #expect(done.status == .done && done.attempts == 1 && done.leaseOwner == nil, "\(done)")
    }

    /// Two clients' archives claim the same case id (a label inside the archive). Each sees its own intake
    /// and the records of the plan it sent — lab-a also the approval and the restaged plan derived from its
    /// plan — and nothing of the other's.
    @Test func aCaseHistoryShowsOnlyWhatTheClientSent() async throws {
        let f = try ServiceFixture()
        let a = try f.key("lab-a"), b = try f.key("lab-b")
        let sentByA = try f.archive(seed: 5, stages: 3), sentByB = try f.archive(seed: 5, stages: 4)
        try await f.application.test(.router) { client in
            for (key, archive) in [(a, sentByA), (b, sentByB)] {
                try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                         body: ByteBuffer(data: archive)) { #expect($0.status == .accepted) }
            }
        }
        try await f.drainQueue()
        func intake(of client: String) throws -> IntakeRecord {
            let job = try #require(try f.ledger.intakeJobs(client: client, caseID: nil).first)
            #expect(job.status == .done, "\(job)")
            let id = try #require(job.intakeID)
            return try #require(try f.ledger.intake(id: id))
        }
        let intakeA = try intake(of: "lab-a"), intakeB = try intake(of: "lab-b")
        let caseID = intakeA.caseID
        #expect(intakeB.caseID == caseID)
        let planA = try #require(intakeA.planHash), planB = try #require(intakeB.planHash)
        #expect(planA != planB)
        let revisionA = RevisionInfo(hash: planA, caseID: caseID, summary: "as sent")
        _ = try f.ledger.approve(revisionA, doctor: "Dr. A", note: "fine")
        let restaged = RevisionInfo(hash: String(repeating: "c", count: 64), caseID: caseID, summary: "restaged")
        _ = try f.ledger.recordDerivation(restaged, from: revisionA, target: "print-3mf", margin: 0.1, detail: "{}")

        func seen(_ key: String) async throws -> [(kind: String, plan: String?)] {
            try await f.application.test(.router) { client in
                try await client.execute(uri: "/v1/cases/\(caseID)/history", method: .get, headers: ServiceFixture.bearer(key)) { response in
                    #expect(response.status == .ok)
                    // Where the server keeps archives is not the client's to see.
                    #expect(!String(buffer: response.body).contains(f.folder.path))
                    let events = try #require(try json(response.body)["events"] as? [[String: Any]])
                    return events.map { event in
                        let record = event["record"] as? [String: Any] ?? [:]
                        return (event["kind"] as? String ?? "", (record["planHash"] ?? record["hash"]) as? String)
                    }
                }
            }
        }
        let forA = try await seen(a), forB = try await seen(b)
        #expect(Set(forA.map(\.kind)) == ["revision", "intake", "approval", "derivation"], "\(forA)")
        #expect(forA.allSatisfy { $0.plan == planA || $0.plan == restaged.hash }, "\(forA)")
        #expect(forA.filter { $0.kind == "revision" }.count == 2)  // its plan and the plan derived from it
        #expect(Set(forB.map(\.kind)) == ["revision", "intake"], "\(forB)")
        #expect(forB.allSatisfy { $0.plan == planB }, "\(forB)")
        // The whole history (the CLI's view) holds both.
        #expect(try f.ledger.history(caseID: caseID).events.count == forA.count + 2)
    }

    /// A job that failed (here: its archive vanished from the store) is queued again, under the same id, by the
    /// same upload; a done job is not.
    @Test func aFailedJobIsQueuedAgainByTheSameUpload() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        let archive = try f.archive(seed: 6)
        func upload() async throws -> (HTTPResponse.Status, [String: Any]) {
            try await f.application.test(.router) { client in
                try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                         body: ByteBuffer(data: archive)) { ($0.status, try intake($0.body)) }
            }
        }
        let (status, first) = try await upload()
        #expect(status == .accepted)
        let id = try #require(first["id"] as? String)
        let sha = try #require(first["archiveSHA256"] as? String)
        try FileManager.default.removeItem(at: f.archives.url(sha256: sha))
        try await f.drainQueue()
        let failed = try #require(try f.ledger.intakeJob(id, client: "lab-a"))
        #expect(failed.status == .failed)
        #expect(failed.error?.contains(sha) == true && failed.error?.contains(f.folder.path) == false, "\(failed.error ?? "")")

        let (again, view) = try await upload()
        #expect(again == .accepted)
        #expect(view["id"] as? String == id && view["status"] as? String == "queued")
        let queued = try #require(try f.ledger.intakeJob(id, client: "lab-a"))
        #expect(queued.attempts == 0 && queued.error == nil && queued.finishedAt == nil)
        try await f.drainQueue()
        #expect(try f.ledger.intakeJob(id, client: "lab-a")?.status == .done)

        let (third, done) = try await upload()
        #expect(third == .ok && done["status"] as? String == "done")
        #expect(try f.ledger.allIntakeJobs().count == 1)
    }
}
