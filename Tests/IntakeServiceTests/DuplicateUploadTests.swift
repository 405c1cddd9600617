import Digest
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
import Testing

/// Two uploads of the same bytes at the same moment, one (or both) of whose enqueues fail: the survivor's
/// object stays in the store and its job is done; when both fail nothing is left. The first upload's
/// enqueue is held until the second has finished streaming and reached the admission lock (or, were there
/// no lock, the ledger), so the interleaving that used to lose the object is the one tested.
@Suite struct DuplicateUploadTests {
    /// The uploads' enqueues, in call order: the first held until `second` reports.
    final class Script: Sendable {
        let failing: Set<Int>
        let firstEntered: AsyncStream<Void>, enter: AsyncStream<Void>.Continuation
        let secondArrived: AsyncStream<Void>, arrive: AsyncStream<Void>.Continuation

        init(failing: Set<Int>) {
            self.failing = failing
            (firstEntered, enter) = AsyncStream.makeStream()
            (secondArrived, arrive) = AsyncStream.makeStream()
        }

        func beforeEnqueue(_ call: Int) async throws(LedgerError) {
            if call == 1 {
                enter.yield()
                for await _ in secondArrived { break }
            } else {
                arrive.yield()
            }
            if failing.contains(call) { throw ScriptedLedger.unavailable }
        }
    }

    /// Uploads `archive` twice at once (the second once the first is inside its enqueue); the two statuses.
    static func uploadTwice(_ f: ServiceFixture, _ script: Script, key: String, archive: Data) async throws -> [HTTPResponse.Status] {
        await f.archives.admission.observeWaits { script.arrive.yield() }
        return try await f.application.test(.router) { client in
            let upload: @Sendable () async throws -> HTTPResponse.Status = {
                try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                         body: ByteBuffer(data: archive)) { $0.status }
            }
            async let first = upload()
            for await _ in script.firstEntered { break }
            async let second = upload()
            return try await [first, second]
        }
    }

    @Test(arguments: [1, 2])
    func aFailedEnqueueNeverRemovesTheObjectTheOtherJobNeeds(failingCall: Int) async throws {
        let script = Script(failing: [failingCall])
        let f = try ServiceFixture(store: { ledger in ScriptedLedger(ledger) { (call: Int, _: IntakeJobRecord) async throws(LedgerError) in try await script.beforeEnqueue(call) } })
        let key = try f.key("lab-a")
        let archive = try f.archive()
        let statuses = try await Self.uploadTwice(f, script, key: key, archive: archive)
        #expect(statuses == (failingCall == 1 ? [.serviceUnavailable, .accepted] : [.accepted, .serviceUnavailable]))
        // One job, its object in the store, and a worker reads it.
        let sha = SHA256.hex(Array(archive))
        #expect(f.archives.objectHashes() == [sha])
        #expect(f.archives.incomingFiles().isEmpty)
        let job = try #require(try await f.ledger.claimIntakeJob(worker: "w", lease: 60, now: Date(), maxAttempts: 3))
        #expect(job.archiveSHA256 == sha)
        await f.workers(1).work(job, worker: "w")
        let done = try #require(try f.ledger.allIntakeJobs().first)
        #expect(done.status == .done, "\(done.error ?? "")")
        #expect(try f.ledger.allIntakeJobs().count == 1)
    }

    @Test func twoFailedEnqueuesLeaveNothing() async throws {
        let script = Script(failing: [1, 2])
        let f = try ServiceFixture(store: { ledger in ScriptedLedger(ledger) { (call: Int, _: IntakeJobRecord) async throws(LedgerError) in try await script.beforeEnqueue(call) } })
        let key = try f.key("lab-a")
        let statuses = try await Self.uploadTwice(f, script, key: key, archive: try f.archive())
        #expect(statuses == [.serviceUnavailable, .serviceUnavailable])
        #expect(f.archives.objectHashes().isEmpty)
        #expect(f.archives.incomingFiles().isEmpty)
        #expect(try f.ledger.allIntakeJobs().isEmpty)
    }

    /// Another process (python's `fcntl.lockf`, the same POSIX record locks) cannot take the stripe while an
    /// upload of that stripe is being queued, and can once it is.
    @Test func theStripeIsLockedForOtherProcessesWhileQueueing() async throws {
        // Known once the fixture exists; the enqueue runs only after.
        let probe = Locked<(file: String, stripe: Int)>(("", 0))
        let seen = Locked<[Bool]>([])
        let f = try ServiceFixture(store: { ledger in
            ScriptedLedger(ledger) { (_: Int, _: IntakeJobRecord) async throws(LedgerError) in
                let (file, stripe) = probe.withLock { $0 }
                let free = Self.otherProcessCanLock(file, stripe: stripe)
                seen.withLock { $0.append(free) }
            }
        })
        let key = try f.key("lab-a")
        let archive = try f.archive()
        let lockFile = f.archives.root.appendingPathComponent("admission.lock").path
        let stripe = AdmissionLock.stripe(SHA256.hex(Array(archive)))
        probe.withLock { $0 = (lockFile, stripe) }
        try await f.application.test(.router) { client in
            try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                     body: ByteBuffer(data: archive)) { #expect($0.status == .accepted) }
        }
        #expect(seen.withLock { $0 } == [false])
        #expect(Self.otherProcessCanLock(lockFile, stripe: stripe))
    }

    /// Whether a separate process gets the record lock on `stripe` at once (F_SETLK, no waiting).
    static func otherProcessCanLock(_ file: String, stripe: Int) -> Bool {
        let script = """
            import fcntl, sys
            with open(sys.argv[1], "r+") as f:
                try:
                    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, int(sys.argv[2]), 0)
                except OSError:
                    sys.exit(3)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file, String(stripe)]
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
