import Digest
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeService
import Ledger
import PlanPackage
import SampleCases
import Testing

/// The routes in-process (no socket): keys, ownership, limits, refusals, idempotency.
@Suite struct RouteTests {
    @Test func requestsWithoutAValidKeyAre401() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        try await f.application.test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer "], [.authorization: "Basic abc"],
                                        ServiceFixture.bearer("agk_000000000000_" + String(repeating: "0", count: 64))] {
                try await client.execute(uri: "/v1/intakes", method: .get, headers: headers) { response throws in
                    #expect(response.status == .unauthorized)
                    #expect(errorCode(response.body) == "unauthorized")
                }
            }
            try await client.execute(uri: "/v1/intakes", method: .get, headers: ServiceFixture.bearer(key)) { response throws in
                #expect(response.status == .ok)
            }
            guard let id = try f.ledger.apiKeys().first?.id else { Issue.record("no key listed"); return }
            _ = try f.ledger.revokeAPIKey(id)
            try await client.execute(uri: "/v1/intakes", method: .get, headers: ServiceFixture.bearer(key)) { response throws in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anUploadIsQueuedOnceAndSeenOnlyByItsClients() async throws {
        let f = try ServiceFixture()
        let a = try f.key("lab-a"), b = try f.key("lab-b")
        let archive = try f.archive()
        let sha = SHA256.hex(Array(archive))
        try await f.application.test(.router) { client in
            let first = try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(a),
                                                 body: ByteBuffer(data: archive)) { response throws in
                #expect(response.status == .accepted)
                let view = try intake(response.body)
                #expect(view["archiveSHA256"] as? String == sha)
                #expect(view["status"] as? String == "queued")
                #expect(view["target"] as? String == "print-3mf")
                #expect(response.headers[.location] == "/v1/intakes/\(view["id"] as? String ?? "")")
                return view["id"] as? String ?? ""
            }
            // The same archive and target again: the same job, not a second one.
            try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(a),
                                     body: ByteBuffer(data: archive)) { response throws in
                #expect(response.status == .ok)
                #expect(try intake(response.body)["id"] as? String == first)
            }
            // Another client does not see it…
            try await client.execute(uri: "/v1/intakes/\(first)", method: .get, headers: ServiceFixture.bearer(b)) { response throws in
                #expect(response.status == .notFound)
                #expect(errorCode(response.body) == "not_found")
            }
            try await client.execute(uri: "/v1/intakes", method: .get, headers: ServiceFixture.bearer(b)) { response throws in
                #expect((try json(response.body)["intakes"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/intakes/\(first)", method: .get, headers: ServiceFixture.bearer(a)) { response throws in
                #expect(response.status == .ok)
                #expect(try intake(response.body)["id"] as? String == first)
            }
            // …until it submits the same archive itself: then it is its intake too.
            try await client.execute(uri: "/v1/intakes?for=print-3mf", method: .post, headers: ServiceFixture.bearer(b),
                                     body: ByteBuffer(data: archive)) { response throws in
                #expect(response.status == .ok)
                #expect(try intake(response.body)["id"] as? String == first)
            }
            // Another target is another job.
            try await client.execute(uri: "/v1/intakes?for=generic-stl", method: .post, headers: ServiceFixture.bearer(a),
                                     body: ByteBuffer(data: archive)) { response throws in
                #expect(response.status == .accepted)
                #expect(try intake(response.body)["id"] as? String != first)
            }
        }
        #expect(try f.ledger.allIntakeJobs().count == 2)
        #expect(f.archives.objectHashes() == [sha])
        #expect(f.archives.incomingFiles().isEmpty)
    }

    @Test func refusalsAreJSONWithStableCodes() async throws {
        let f = try ServiceFixture(uploadLimit: 4096)
        let key = try f.key("lab-a")
        let auth = ServiceFixture.bearer(key)
        let small = ByteBuffer(bytes: Array(repeating: UInt8(7), count: 100))
        let cases: [(uri: String, method: HTTPRequest.Method, body: ByteBuffer?, status: HTTPResponse.Status, code: String)] = [
            ("/v1/intakes", .post, small, .badRequest, "missing_target"),
            ("/v1/intakes?for=no-such-system", .post, small, .badRequest, "unknown_vendor"),
            ("/v1/intakes?for=print-3mf&vendor=nope", .post, small, .badRequest, "unknown_vendor"),
            ("/v1/intakes?for=print-3mf&strict=maybe", .post, small, .badRequest, "bad_request"),
            ("/v1/intakes?for=print-3mf", .post, nil, .badRequest, "bad_request"),
            ("/v1/intakes?for=print-3mf", .post, ByteBuffer(bytes: Array(repeating: UInt8(1), count: 5000)), .contentTooLarge, "too_large"),
            ("/v1/checks", .post, ByteBuffer(bytes: Array(repeating: UInt8(1), count: 5000)), .contentTooLarge, "too_large"),
            ("/v1/checks", .post, small, .unprocessableContent, "unreadable_plan"),
            ("/v1/checks?vendor=nope", .post, small, .badRequest, "unknown_vendor"),
            ("/v1/intakes/0123456789abcdef0123456789abcdef", .get, nil, .notFound, "not_found"),
            ("/v1/vendors/nope", .get, nil, .notFound, "unknown_vendor"),
            ("/v1/cases/no-such-case/history", .get, nil, .notFound, "not_found"),
            ("/v1/nothing-here", .get, nil, .notFound, "not_found"),
            ("/v1/intakes", .delete, nil, .notFound, "not_found"),
        ]
        try await f.application.test(.router) { client in
            for c in cases {
                try await client.execute(uri: c.uri, method: c.method, headers: auth, body: c.body) { response throws in
                    #expect(response.status == c.status, "\(c.method) \(c.uri)")
                    #expect(errorCode(response.body) == c.code, "\(c.method) \(c.uri): \(String(buffer: response.body))")
                    #expect(response.headers[.contentType] == "application/json")
                }
            }
        }
        // Nothing refused reached the store or the ledger.
        #expect(f.archives.objectHashes().isEmpty)
        #expect(f.archives.incomingFiles().isEmpty)
        #expect(try f.ledger.allIntakeJobs().isEmpty)
    }

    @Test func anUploadCutOffMidwayLeavesNothing() async throws {
        let f = try ServiceFixture()
        let (body, source) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        source.yield(ByteBuffer(bytes: Array(repeating: UInt8(9), count: 10_000)))
        source.finish(throwing: CancellationError())
        await #expect(throws: (any Error).self) {
            try await f.archives.receive(body, limit: 1 << 20, declared: nil, deadline: .now + .seconds(60)) { _ in }
        }
        // A declared length that does not arrive is refused too.
        let (short, shortSource) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        shortSource.yield(ByteBuffer(bytes: [1, 2, 3]))
        shortSource.finish()
        await #expect(throws: ArchiveStore.Refusal.incomplete(received: 3, declared: 10)) {
            try await f.archives.receive(short, limit: 1 << 20, declared: 10, deadline: .now + .seconds(60)) { _ in }
        }
        #expect(f.archives.objectHashes().isEmpty)
        #expect(f.archives.incomingFiles().isEmpty)
    }

    @Test func vendorsHealthMetricsAndTheContractAreServed() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        try await f.application.test(.router) { client in
            try await client.execute(uri: "/v1/vendors", method: .get, headers: ServiceFixture.bearer(key)) { response throws in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(list?.compactMap { $0["id"] as? String } == f.registry.descriptors.map(\.id))
            }
            try await client.execute(uri: "/v1/vendors/print-3mf", method: .get, headers: ServiceFixture.bearer(key)) { response throws in
                #expect(try json(response.body)["id"] as? String == "print-3mf")
            }
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try json(response.body)["status"] as? String == "ok")
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response throws in
                #expect(String(buffer: response.body) == OpenAPIDocument.yaml)
            }
            try await client.execute(uri: "/metrics", method: .get) { response throws in
                let text = String(buffer: response.body)
                #expect(text.contains(#"aligngate_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
                #expect(text.contains(#"aligngate_http_requests_total{method="GET",route="/v1/vendors/{id}",status="200"} 1"#))
                #expect(text.contains(#"aligngate_intake_jobs{status="queued"} 0"#))
                #expect(text.contains("aligngate_intake_duration_seconds_count 0"))
            }
        }
    }

    @Test func aPlanIsCheckedSynchronously() async throws {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        let plan = try SampleCase.make(SampleOptions(stages: 3, trianglesPerTooth: 200, seed: 1))
        let zip = f.folder.appendingPathComponent("case.alignplan")
        try PlanPackage.write(plan, to: zip, form: .zip)
        try await f.application.test(.router) { client in
            try await client.execute(uri: "/v1/checks?vendor=print-3mf&vendor=generic-stl", method: .post,
                                     headers: ServiceFixture.bearer(key), body: ByteBuffer(data: try Data(contentsOf: zip))) { response throws in
                #expect(response.status == .ok)
                let rows = try json(response.body)["rows"] as? [[String: Any]]
                #expect(rows?.compactMap { $0["vendor"] as? String }.sorted() == ["generic-stl", "print-3mf"])
            }
        }
        #expect(f.archives.incomingFiles().isEmpty)
    }
}
