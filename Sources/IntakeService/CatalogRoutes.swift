import Foundation
import Gateway
import Hummingbird
import Ledger
import VendorKit

extension IntakeAPI {
    /// GET /v1/vendors: every adapter's descriptor, as `aligngate vendors --json`.
    func vendors(_ request: Request) async throws(APIError) -> Response {
        _ = try await client(request)
        return JSONResponse.make(.ok, registry.descriptors)
    }

    /// GET /v1/vendors/{id}: one descriptor, as `aligngate vendors show ID --json`.
    func vendor(_ request: Request, id: String) async throws(APIError) -> Response {
        _ = try await client(request)
        guard let adapter = try? registry.adapter(id) else {
            throw APIError(.notFound, "unknown_vendor", "no adapter \(id) (see GET /v1/vendors)")
        }
        return JSONResponse.make(.ok, adapter.descriptor)
    }

    /// GET /v1/cases/{case}/history: as `aligngate history CASE --json`, for a case the client submitted an
    /// intake of (any other case is a 404, whether or not the ledger knows it), cut to what the client sent
    /// (`CaseHistory.visible(toIntakes:)`): a case id is only a claim inside an archive.
    func history(_ request: Request, caseID: String) async throws(APIError) -> Response {
        let client = try await client(request)
        let history: CaseHistory
        do {
            let own = Set(try await ledger.intakeJobs(client: client, caseID: caseID, limit: .max).compactMap(\.intakeID))
            guard !own.isEmpty else { throw APIError.notFound("case \(caseID)") }
            history = try await ledger.history(caseID: caseID).visible(toIntakes: own)
        } catch let error as APIError {
            throw error
        } catch {
            throw .ledger(error)
        }
        return JSONResponse.make(.ok, history)
    }

    /// GET /healthz: 200 when the ledger answers, 503 when it does not (no key needed).
    func health(_ request: Request, context: IntakeRequestContext) async -> Response {
        do {
            let depth = try await ledger.queueDepth()
            return JSONResponse.make(.ok, Health(status: "ok", queue: depth))
        } catch {
            // No key is needed here, so the cause (it names the ledger's location) goes to the log, not the caller.
            context.logger.error("health check: the ledger does not answer", metadata: ["error": "\(error)"])
            return JSONResponse.make(.serviceUnavailable, Health(status: "ledger unavailable", queue: nil))
        }
    }

    /// GET /metrics: Prometheus text (no key needed; listen on loopback or filter it at the proxy).
    func prometheus(_ request: Request) async -> Response {
        let depth = try? await ledger.queueDepth()
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render(depth: depth))))
    }

    /// GET /openapi.yaml: the contract (no key needed).
    func openAPI(_ request: Request) async -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }

    struct Health: Encodable {
        var status: String
        var queue: QueueDepth?
    }
}
