import Digest
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeService
import Testing

/// `Expect: 100-continue` over a real socket: the interim 100 only once the route has checked the key and
/// the query, the body never sent for a request refused up front, 417 for any other expectation.
@Suite struct ExpectContinueTests {
    static func head(_ target: String, key: String, bytes: Int, expect: String = "100-continue", version: String = "1.1") -> String {
        "POST \(target) HTTP/\(version)\r\nHost: localhost\r\nAuthorization: Bearer \(key)\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: \(bytes)\r\nExpect: \(expect)\r\n\r\n"
    }

    /// A live server on a fresh fixture, a raw connection to it, a key and a sample archive; the fixture.
    static func live(_ body: @escaping @Sendable (RawHTTPConnection, _ key: String, _ archive: Data) async throws -> Void)
        async throws -> ServiceFixture {
        let f = try ServiceFixture()
        let key = try f.key("lab-a")
        let archive = try f.archive()
        try await f.application.test(.live) { client in
            try await body(try RawHTTPConnection(port: try #require(client.port)), key, archive)
        }
        return f
    }

    @Test func theBodyIsSentAfter100ContinueAndTheConnectionStaysOpen() async throws {
        let f = try await Self.live { connection, key, archive in
            try await connection.write(Self.head("/v1/intakes?for=print-3mf", key: key, bytes: archive.count))
            // Nothing of the body is sent yet: the server must answer the head alone.
            let interim = try await connection.response()
            #expect(interim.statusLine == "HTTP/1.1 100 Continue")
            try await connection.write(archive)
            let final = try await connection.response()
            #expect(final.status == 202)
            let view = try intake(ByteBuffer(data: final.body))
            #expect(view["archiveSHA256"] as? String == SHA256.hex(Array(archive)))
            #expect(final.headers["connection"] != "close")
            // The same connection carries the next request.
            try await connection.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await connection.response().status == 200)
        }
        #expect(f.archives.objectHashes().count == 1 && f.archives.incomingFiles().isEmpty)
    }

    @Test(arguments: [
        ("/v1/intakes?for=print-3mf", false, 0, 401, "unauthorized"),
        ("/v1/intakes", true, 0, 400, "missing_target"),
        ("/v1/intakes?for=no-such-system", true, 0, 400, "unknown_vendor"),
        ("/v1/intakes?for=print-3mf", true, 65 << 20, 413, "too_large"),
        ("/v1/checks?vendor=no-such-system", true, 0, 400, "unknown_vendor"),
        ("/v1/intakes?for=print-3mf", true, -1, 417, "expectation_failed"),
    ])
    func aRequestRefusedUpFrontGetsItsAnswerAtOnceAndNoContinue(target: String, validKey: Bool, declared: Int, status: Int, code: String)
        async throws {
        let f = try ServiceFixture()
        let key = validKey ? try f.key("lab-a") : "agk_000000000000_" + String(repeating: "0", count: 64)
        try await f.application.test(.live) { client in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            let bytes = declared > 0 ? declared : 4096
            try await connection.write(Self.head(target, key: key, bytes: bytes, expect: declared < 0 ? "tea" : "100-continue"))
            let answer = try await connection.response()
            #expect(answer.status == status, "\(answer.statusLine)")
            #expect(errorCode(ByteBuffer(data: answer.body)) == code)
            // The body was announced but never sent: the server ends the connection after its answer.
            #expect(answer.headers["connection"] == "close")
            #expect(try await connection.serverClosed())
        }
        #expect(f.archives.objectHashes().isEmpty && f.archives.incomingFiles().isEmpty)
    }

    /// An answer sent while the body is still coming closes the connection, or a client trickling the rest
    /// would hold it as long as it likes (Hummingbird reads and drops what follows a response).
    @Test(arguments: [false, true])
    func anAnswerBeforeTheBodyEndsClosesTheConnection(overLimit: Bool) async throws {
        let f = try ServiceFixture(uploadLimit: 16 << 10)
        let key = overLimit ? try f.key("lab-a") : "agk_000000000000_" + String(repeating: "0", count: 64)
        try await f.application.test(.live) { client in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            // Chunked, no Expect: the server learns the size only as the bytes come.
            try await connection.write("POST /v1/intakes?for=print-3mf HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(key)\r\n"
                                       + "Transfer-Encoding: chunked\r\n\r\n")
            let chunk = Data(repeating: 0x50, count: 8 << 10)
            for _ in 0..<3 {
                try await connection.write("\(String(chunk.count, radix: 16))\r\n")
                try await connection.write(chunk + Data("\r\n".utf8))
            }
            let answer = try await connection.response()
            #expect(answer.status == (overLimit ? 413 : 401), "\(answer.statusLine)")
            #expect(errorCode(ByteBuffer(data: answer.body)) == (overLimit ? "too_large" : "unauthorized"))
            #expect(answer.headers["connection"] == "close")
            #expect(try await connection.serverClosed())
            // The client goes on sending, never ending the body: after its linger the server closes outright,
            // and the sends fail (reset). Bounded: 15 s against a linger of 5.
            var refused = false
            for _ in 0..<60 where !refused {
                // Well-formed chunks: a parse error would close the connection for another reason.
                do { try await connection.write(Data("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Data("\r\n".utf8)) } catch {
                    refused = true
                }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(refused, "the server kept the half-closed connection open")
        }
        #expect(f.archives.objectHashes().isEmpty && f.archives.incomingFiles().isEmpty)
    }

    /// Pipelined: a GET and, behind it, an upload whose body is still coming. The GET's answer is not an
    /// answer before that body ends (it answers the GET), so the connection stays open for the upload.
    @Test func aPipelinedRequestsAnswerKeepsTheConnection() async throws {
        _ = try await Self.live { connection, key, archive in
            let head = "POST /v1/intakes?for=print-3mf HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(key)\r\n"
                + "Content-Length: \(archive.count)\r\n\r\n"
            try await connection.write(Data("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n\(head)".utf8) + archive.prefix(1000))
            let health = try await connection.response()
            #expect(health.status == 200 && health.headers["connection"] != "close", "\(health.statusLine) \(health.headers)")
            try await connection.write(archive.dropFirst(1000))
            let upload = try await connection.response()
            #expect(upload.status == 202, "\(upload.statusLine)")
            try await connection.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await connection.response().status == 200)
        }
    }

    @Test func anHTTP10RequestsExpectationIsIgnored() async throws {
        _ = try await Self.live { connection, key, archive in
            // RFC 9110 §10.1.1: an HTTP/1.0 client's expectation is ignored, so neither 100 nor 417.
            try await connection.write(Self.head("/v1/intakes?for=print-3mf", key: key, bytes: archive.count, expect: "tea", version: "1.0"))
            try await connection.write(archive)
            #expect(try await connection.response().status == 202)
        }
    }

    @Test func everyRouteAnswers417ForAnExpectationItCannotMeet() async throws {
        let f = try ServiceFixture()
        try await f.application.test(.router) { client in
            for route in IntakeServer.routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{case}", with: "x")
                try await client.execute(uri: path, method: route.method, headers: [.expect: "100-continue, tea"]) { response in
                    #expect(response.status == .expectationFailed, "\(route)")
                    #expect(errorCode(response.body) == "expectation_failed")
                }
            }
        }
        // The one expectation it meets, in any case, is no refusal.
        try await f.application.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.expect: "100-Continue"]) { #expect($0.status == .ok) }
        }
        for operation in try OpenAPIContract().statuses {
            #expect(operation.value.contains("417"), "\(operation.key) does not document 417")
        }
    }
}
