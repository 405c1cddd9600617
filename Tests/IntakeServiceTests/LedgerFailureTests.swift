import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import IntakeService
import Ledger
import Testing

/// A ledger that fails after the upload is stored: the client is told to retry (503) and the store keeps
/// nothing the ledger does not know of — but never loses an object an earlier job refers to.
@Suite struct LedgerFailureTests {
    @Test func anUploadTheLedgerCannotQueueLeavesNoObject() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        let first = try f.archive(seed: 1), second = try f.archive(seed: 2)
        try await f.application.test(.router) { client in
            try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                     body: ByteBuffer(data: first)) { response in
                #expect(response.status == .accepted)
            }
            let kept = f.archives.objectHashes()
            #expect(kept.count == 1)
            // The queue's tables gone: keys still check, enqueueing fails.
            try await DatabaseQueue(path: f.ledger.file.path).write { try $0.execute(sql: "DROP TABLE intakeJobClient; DROP TABLE intakeJob") }
            for archive in [second, first] {
                try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                         body: ByteBuffer(data: archive)) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(errorCode(response.body) == "ledger_unavailable")
                }
            }
            // The new upload's object is gone; the first upload's object, which its job names, stays.
            #expect(f.archives.objectHashes() == kept)
            #expect(f.archives.incomingFiles().isEmpty)
        }
    }
}
