import Digest
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
import PlanPackage
import SampleCases
import Testing

/// Every kind of answer the routes give, its body checked against the schema the OpenAPI document gives
/// for that operation and status (`OpenAPIContract`): an intake queued, repeated, done (a report read now
/// and one the CLI recorded first), failed; lists, a case's history, a check, the vendors, health.
@Suite struct ResponseSchemaTests {
    @Test func everyAnswerFollowsItsSchema() async throws {
        let contract = try OpenAPIContract()
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        let fresh = try f.archive(seed: 11), recordedByCLI = try f.archive(seed: 12), vanishing = try f.archive(seed: 13)
        let cliCopy = f.folder.appendingPathComponent("cli.zip")
        try recordedByCLI.write(to: cliCopy)
        let cliRecord = try await RecordedIntake.run(cliCopy, registry: f.registry, target: "print-3mf", ledger: f.ledger).record
        let plan = f.folder.appendingPathComponent("case.alignplan")
        try PlanPackage.write(try SampleCase.make(SampleOptions(stages: 3, trianglesPerTooth: 200, seed: 11)), to: plan, form: .zip)

        let seen = Locked<[String: Set<Int>]>([:])
        func answer(_ operation: String, _ uri: String, _ method: HTTPRequest.Method = .get, body: Data? = nil,
                    expect status: HTTPResponse.Status) async throws -> [String: Any] {
            try await f.application.test(.router) { client in
                try await client.execute(uri: uri, method: method, headers: ServiceFixture.bearer(key),
                                         body: body.map { ByteBuffer(data: $0) }) { response in
                    #expect(response.status == status, "\(operation) \(uri)")
                    let data = Data(buffer: response.body)
                    let problems = try contract.problems(data, operation, status: Int(response.status.code))
                    #expect(problems.isEmpty, "\(operation) \(response.status.code): \(problems)")
                    _ = seen.withLock { $0[operation, default: []].insert(Int(response.status.code)) }
                    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
                }
            }
        }
        func id(_ document: [String: Any]) -> String { (document["intake"] as? [String: Any])?["id"] as? String ?? "" }

        let upload = "POST /v1/intakes", show = "GET /v1/intakes/{id}"
        let first = id(try await answer(upload, "/v1/intakes?for=print-3mf", .post, body: fresh, expect: .accepted))
        _ = try await answer(upload, "/v1/intakes?for=print-3mf", .post, body: fresh, expect: .ok)
        _ = try await answer(show, "/v1/intakes/\(first)", expect: .ok)  // queued
        let second = id(try await answer(upload, "/v1/intakes?for=print-3mf&vendor=generic-stl", .post, body: recordedByCLI, expect: .accepted))
        let third = id(try await answer(upload, "/v1/intakes?for=print-3mf", .post, body: vanishing, expect: .accepted))
        try FileManager.default.removeItem(at: f.archives.url(sha256: SHA256.hex(Array(vanishing))))
        try await f.drainQueue()

        let done = try await answer(show, "/v1/intakes/\(first)", expect: .ok)
        #expect((done["report"] as? [String: Any])?["alreadyRecorded"] as? Bool == false)
        let earlier = try await answer(show, "/v1/intakes/\(second)", expect: .ok)
        #expect(((earlier["report"] as? [String: Any])?["intake"] as? [String: Any])?["id"] as? Int == cliRecord.id.map(Int.init))
        let failed = try await answer(show, "/v1/intakes/\(third)", expect: .ok)
        #expect((failed["intake"] as? [String: Any])?["status"] as? String == "failed")

        let caseID = try #require((done["intake"] as? [String: Any])?["caseID"] as? String)
        _ = try await answer("GET /v1/intakes", "/v1/intakes", expect: .ok)
        _ = try await answer("GET /v1/intakes", "/v1/intakes?case=\(caseID)", expect: .ok)
        _ = try await answer("GET /v1/cases/{case}/history", "/v1/cases/\(caseID)/history", expect: .ok)
        _ = try await answer("POST /v1/checks", "/v1/checks", .post, body: try Data(contentsOf: plan), expect: .ok)
        _ = try await answer("POST /v1/checks", "/v1/checks?vendor=print-3mf", .post, body: try Data(contentsOf: plan), expect: .ok)
        _ = try await answer("GET /v1/vendors", "/v1/vendors", expect: .ok)
        for vendor in f.registry.descriptors.map(\.id) { _ = try await answer("GET /v1/vendors/{id}", "/v1/vendors/\(vendor)", expect: .ok) }
        _ = try await answer("GET /healthz", "/healthz", expect: .ok)
        // Every JSON operation was seen answering with success.
        let json = try contract.operations.keys.filter { try contract.schema($0, status: 200) != nil || contract.schema($0, status: 202) != nil }
        let answered = Set(seen.withLock { $0 }.keys)
        #expect(Set(json) == answered, "\(Set(json).subtracting(answered))")
    }

    /// The check itself finds what a body leaves out or adds, so a pass means something.
    @Test func theSchemaCheckFindsWhatIsWrong() throws {
        let contract = try OpenAPIContract()
        let wrong = #"{"intake": {"id": "x", "status": "lost", "archiveSHA256": "", "bytes": 1.5, "target": "t", "attempts": 0}}"#
        let problems = try contract.problems(Data(wrong.utf8), "GET /v1/intakes/{id}", status: 200)
        #expect(problems.contains { $0.contains("status") && $0.contains("not one of") }, "\(problems)")
        #expect(problems.contains { $0.contains("bytes") && $0.contains("expected integer") }, "\(problems)")
        #expect(problems.contains { $0.contains("no submittedAt") }, "\(problems)")
        #expect(try contract.problems(Data(#"{"error": {"code": "nope", "message": "m"}}"#.utf8), "GET /v1/vendors", status: 401).count == 1)
    }
}
