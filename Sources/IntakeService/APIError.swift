import Foundation
import Gateway
import Hummingbird
import Logging

/// A refusal: an HTTP status, a stable code clients can branch on, and a message naming the rule.
/// Rendered as `{"error": {"code": …, "message": …}}` (the OpenAPI document's `Error`).
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// What the operator needs and a client must not see (where the ledger or store is, and why it failed):
    /// logged, never sent.
    public var detail: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, detail: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        logDetail(context.logger, path: request.uri.path)
        return JSONResponse.make(status, Body(error: .init(code: code, message: message)))
    }

    /// Logs `detail`, the part of a refusal only the operator sees.
    func logDetail(_ logger: Logger, path: String) {
        if let detail { logger.error("\(code)", metadata: ["path": "\(path)", "error": "\(detail)"]) }
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    /// Every code the service answers with, for the OpenAPI document's check.
    public static let codes = ["unauthorized", "not_found", "method_not_allowed", "bad_request", "missing_target", "unknown_vendor",
                               "vendor_cannot_read", "too_large", "upload_incomplete", "upload_timeout",
                               "unreadable_plan", "expectation_failed", "ledger_unavailable", "store_unavailable", "internal"]

    static let unauthorized = APIError(.unauthorized, "unauthorized",
                                       "an API key is required: send `Authorization: Bearer KEY` with a key from `aligngate keys create` that is not revoked")
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "\(what) not found") }
    static func ledger(_ error: any Error) -> APIError {
        APIError(.serviceUnavailable, "ledger_unavailable", "the ledger cannot be used right now; retry later (the cause is in the service's log)",
                 detail: "\(error)")
    }
}

/// JSON bodies as the CLI prints them (`StableJSON`), with the content type set.
enum JSONResponse {
    static func make<T: Encodable>(_ status: HTTPResponse.Status, _ value: T, headers: HTTPFields = [:]) -> Response {
        do { return raw(status, try StableJSON.string(value), headers: headers) } catch {
            return raw(.internalServerError, #"{"error": {"code": "internal", "message": "the response could not be encoded"}}"#)
        }
    }

    static func raw(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
