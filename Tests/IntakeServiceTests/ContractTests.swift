import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Testing

/// The routes and refusal codes against the OpenAPI document they are meant to follow.
@Suite struct ContractTests {
    @Test func everyRouteIsDocumentedAndEveryOperationRouted() throws {
        let routed = Set(IntakeServer.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(routed.count == IntakeServer.routes.count)
        #expect(Set(try OpenAPIContract().statuses.keys) == routed)
    }

    @Test func theDocumentedErrorCodesAreTheOnesAnswered() throws {
        let contract = try OpenAPIContract()
        let error = try contract.resolve("#/components/schemas/Error")
        let detail = try #require((error["properties"] as? [String: Any])?["error"] as? [String: Any])
        let code = try #require((detail["properties"] as? [String: Any])?["code"] as? [String: Any])
        #expect(code["enum"] as? [String] == APIError.codes)
    }

    @Test func theDocumentIsOpenAPI31() throws {
        let contract = try OpenAPIContract()
        #expect(contract.root["openapi"] as? String == "3.1.0")
        #expect(!OpenAPIDocument.yaml.contains("\t"))
        // Every reference resolves.
        for ref in OpenAPIDocument.yaml.matches(of: /"(#\/[^"]+)"/).map({ String($0.1) }) { _ = try contract.resolve(ref) }
    }

    /// Every refusal each route gives — no key, a ledger that cannot be used, its own rules — has its status
    /// in the document under that operation.
    @Test func everyRefusalIsDocumentedForItsOperation() async throws {
        let scripted = Locked<ScriptedLedger?>(nil)
        let f = try ServiceFixture(uploadLimit: 4096, store: { ledger in
            let store = ScriptedLedger(ledger)
            scripted.withLock { $0 = store }
            return store
        })
        let auth = ServiceFixture.bearer(try f.key("lab-a"))
        let small = ByteBuffer(bytes: Array(repeating: UInt8(7), count: 100))
        let large = ByteBuffer(bytes: Array(repeating: UInt8(1), count: 5000))
        let example: [String: String] = [
            "/v1/intakes": "/v1/intakes?for=print-3mf", "/v1/intakes/{id}": "/v1/intakes/0123456789abcdef0123456789abcdef",
            "/v1/vendors/{id}": "/v1/vendors/print-3mf", "/v1/cases/{case}/history": "/v1/cases/c/history",
        ]
        typealias Probe = (uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        var probes: [(operation: String, probe: Probe)] = [
            ("POST /v1/intakes", ("/v1/intakes", .post, auth, small)),
            ("POST /v1/intakes", ("/v1/intakes?for=print-3mf", .post, auth, large)),
            ("POST /v1/checks", ("/v1/checks", .post, auth, small)),
            ("POST /v1/checks", ("/v1/checks", .post, auth, large)),
            ("POST /v1/checks", ("/v1/checks", .post, auth, nil)),
            ("GET /v1/intakes/{id}", ("/v1/intakes/0123456789abcdef0123456789abcdef", .get, auth, nil)),
            ("GET /v1/vendors/{id}", ("/v1/vendors/nope", .get, auth, nil)),
            ("GET /v1/cases/{case}/history", ("/v1/cases/no-such-case/history", .get, auth, nil)),
        ]
        for route in IntakeServer.routes {
            let operation = "\(route.method.rawValue) \(route.path)"
            let uri = example[route.path] ?? route.path
            let body: ByteBuffer? = route.method == .post ? small : nil
            probes.append((operation, (uri, route.method, [:], body)))
            probes.append((operation, (uri, route.method, auth, body)))
            probes.append((operation, (uri, route.method, [.expect: "tea"], body)))
        }
        let contract = try OpenAPIContract()
        let documented = contract.statuses
        let all = probes
        let answered = try await f.application.test(.router) { client in
            var answered: [String: Set<String>] = [:]
            for failing in [false, true] {
                scripted.withLock { $0?.failing = failing }
                for (operation, probe) in all {
                    let (status, body) = try await client.execute(uri: probe.uri, method: probe.method, headers: probe.headers, body: probe.body) {
                        ($0.status.code, Data(buffer: $0.body))
                    }
                    guard status >= 400 else { continue }
                    answered[operation, default: []].insert(String(status))
                    // The ledger's failure is logged, not told: no location, no cause.
                    #expect(!String(decoding: body, as: UTF8.self).contains("the test made the ledger unavailable"))
                    let problems = try contract.problems(body, operation, status: status)
                    #expect(problems.isEmpty, "\(operation) \(status) (\(probe.uri)): \(problems)")
                }
            }
            return answered
        }
        for (operation, statuses) in answered {
            let listed = documented[operation] ?? []
            #expect(statuses.isSubset(of: listed), "\(operation) answers \(statuses.sorted()), documented \(listed.sorted())")
        }
        // Each secured operation was seen refusing without a key, and each with a failing ledger (but the
        // metrics and the document, which need no ledger).
        #expect(answered.filter { $0.value.contains("401") }.count == 7)
        #expect(answered.filter { $0.value.contains("503") }.count == 8)
    }
}
