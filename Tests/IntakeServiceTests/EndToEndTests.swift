import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
import Testing

/// The SQLite flow over a real socket: uploads from two clients, in-process workers, verdicts as
/// `aligngate intake --json` gives them, each job done exactly once, the audit chain intact.
@Suite struct EndToEndTests {
    @Test func uploadsAreReadByInProcessWorkers() async throws {
        let f = try ServiceFixture()
        let a = try f.key("lab-a"), b = try f.key("lab-b")
        let archives = try (1...4).map { try f.archive(seed: UInt64($0)) }
        let app = IntakeServer.application(f.api, services: [f.workers(2)], logger: f.logger)
        try await app.test(.live) { client in
            var ids: [String] = []
            for (n, archive) in archives.enumerated() {
                let key = n.isMultiple(of: 2) ? a : b
                ids.append(try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                                    body: ByteBuffer(data: archive)) { response throws in
                    #expect(response.status == .accepted)
                    return try intake(response.body)["id"] as? String ?? ""
                })
            }
            // Poll, bounded in count: every job reaches an end state.
            var documents: [String: [String: Any]] = [:]
            for _ in 0..<600 where documents.count < ids.count {
                for (n, id) in ids.enumerated() where documents[id] == nil {
                    let key = n.isMultiple(of: 2) ? a : b
                    let doc = try await client.execute(uri: "/v1/intakes/\(id)", method: .get, headers: ServiceFixture.bearer(key)) {
                        try json($0.body)
                    }
                    let status = (doc["intake"] as? [String: Any])?["status"] as? String
                    if status == "done" || status == "failed" { documents[id] = doc }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(documents.count == ids.count)
            for (n, id) in ids.enumerated() {
                let doc = try #require(documents[id])
                let view = try #require(doc["intake"] as? [String: Any])
                #expect(view["status"] as? String == "done", "\(view)")
                #expect(view["attempts"] as? Int == 1)
                // The report is what `aligngate intake --json` prints for this archive now.
                let report = try #require(doc["report"] as? [String: Any])
                let archive = f.archives.url(sha256: view["archiveSHA256"] as? String ?? "")
                let record = try #require(try f.ledger.intake(id: Int64(view["intakeID"] as? Int ?? 0)))
                let outcome = try Intake.run(archive, registry: f.registry, target: "print-3mf")
                let expected = try StableJSON.string(IntakeReport(outcome, record: record))
                let stored = try #require(try f.ledger.allIntakeJobs().first { $0.id == id }?.report)
                #expect(stored == expected, "archive \(n)")
                #expect(Set(report.keys) == Set((try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [String: Any] ?? [:]).keys))
                #expect(view["verdict"] as? String == record.verdict && view["caseID"] as? String == record.caseID)
            }
            // Each client lists its own two, by case too.
            let listed = try await client.execute(uri: "/v1/intakes", method: .get, headers: ServiceFixture.bearer(a)) {
                (try json($0.body)["intakes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            }
            #expect(listed == [ids[0], ids[2]])
            let caseID = try #require((documents[ids[0]]?["intake"] as? [String: Any])?["caseID"] as? String)
            try await client.execute(uri: "/v1/intakes?case=\(caseID)", method: .get, headers: ServiceFixture.bearer(a)) { response throws in
                #expect((try json(response.body)["intakes"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/v1/cases/\(caseID)/history", method: .get, headers: ServiceFixture.bearer(a)) { response throws in
                #expect(response.status == .ok)
                #expect(try json(response.body)["caseID"] as? String == caseID)
            }
            try await client.execute(uri: "/v1/cases/\(caseID)/history", method: .get, headers: ServiceFixture.bearer(b)) { response throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/metrics", method: .get) { response throws in
                let text = String(buffer: response.body)
                #expect(text.contains(#"aligngate_intake_jobs{status="done"} 4"#))
                #expect(text.contains("aligngate_intake_duration_seconds_count 4"))
            }
        }
        let intakes = try f.ledger.allIntakeJobs()
        #expect(intakes.count == 4 && intakes.allSatisfy { $0.status == .done && $0.attempts == 1 && $0.leaseOwner == nil })
        #expect(Set(intakes.compactMap(\.intakeID)).count == 4)
        let audit = try f.ledger.verifyAudit()
        #expect(audit.isIntact && audit.entries == 6)  // two keys, four intakes
    }

    @Test func anArchiveTheCLIAlreadyRecordedGetsTheRecordedReport() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        let archive = try f.archive(seed: 9)
        let file = f.folder.appendingPathComponent("case.zip")
        try archive.write(to: file)
        let recorded = try await RecordedIntake.run(file, registry: f.registry, target: "print-3mf", ledger: f.ledger).record
        let id = try await f.application.test(.router) { client in
            try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(key),
                                     body: ByteBuffer(data: archive)) { try intake($0.body)["id"] as? String ?? "" }
        }
        let job = try #require(try await f.ledger.claimIntakeJob(worker: "w", lease: 60, now: Date(), maxAttempts: 3))
        #expect(job.id == id)
        await f.workers(1).work(job, worker: "w")
        let done = try #require(try f.ledger.intakeJob(id, client: "lab-a"))
        #expect(done.status == .done && done.intakeID == recorded.id)
        // As the CLI's record, but naming the archive by its digest, not by the path the CLI user read it from.
        #expect(done.report == (try StableJSON.string(RecordedIntakeReport(recorded.withoutServerDetails))))
        #expect(done.report?.contains(file.path) == false)
        #expect(try f.ledger.verifyAudit().entries == 2)  // the key and the CLI's intake
    }
}
