import Foundation
import Hummingbird
import Ledger
import Logging
import ServiceLifecycle

/// The HTTP application: the routes of the OpenAPI document, JSON refusals for everything the router or a
/// handler refuses, request counters, and (optionally) in-process workers as services of the same group.
public enum IntakeServer {
    /// Every route as the OpenAPI document spells it (`{name}` parameters), in registration order.
    public static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/v1/intakes"), (.get, "/v1/intakes"), (.get, "/v1/intakes/{id}"), (.post, "/v1/checks"),
        (.get, "/v1/vendors"), (.get, "/v1/vendors/{id}"), (.get, "/v1/cases/{case}/history"),
        (.get, "/healthz"), (.get, "/metrics"), (.get, "/openapi.yaml"),
    ]

    /// The router over `api`.
    public static func router(_ api: IntakeAPI, logger: Logger) -> Router<IntakeRequestContext> {
        let router = Router(context: IntakeRequestContext.self)
        router.add(middleware: RefusalMiddleware(metrics: api.metrics, logger: logger))
        router.add(middleware: ExpectationMiddleware())
        for (method, path) in routes {
            let handler = self.handler(api, method: method, path: path)
            router.on(RouterPath(hummingbirdPath(path)), method: method) { request, context in
                try await handler(request, context)
            }
        }
        return router
    }

    typealias Handler = @Sendable (Request, IntakeRequestContext) async throws -> Response

    static func handler(_ api: IntakeAPI, method: HTTPRequest.Method, path: String) -> Handler {
        switch (method, path) {
        case (.post, "/v1/intakes"): return { request, context in try await api.submit(request, context: context) }
        case (.get, "/v1/intakes"): return { request, _ in try await api.list(request) }
        case (.get, "/v1/intakes/{id}"): return { request, context in try await api.show(request, id: parameter(context, "id")) }
        case (.post, "/v1/checks"): return { request, context in try await api.check(request, context: context) }
        case (.get, "/v1/vendors"): return { request, _ in try await api.vendors(request) }
        case (.get, "/v1/vendors/{id}"): return { request, context in try await api.vendor(request, id: parameter(context, "id")) }
        case (.get, "/v1/cases/{case}/history"):
            return { request, context in try await api.history(request, caseID: parameter(context, "case")) }
        case (.get, "/healthz"): return { request, context in await api.health(request, context: context) }
        case (.get, "/metrics"): return { request, _ in await api.prometheus(request) }
        default: return { request, _ in await api.openAPI(request) }
        }
    }

    @Sendable static func parameter(_ context: IntakeRequestContext, _ name: String) -> String { context.parameters.get(name) ?? "" }

    /// `/v1/intakes/{id}` → `/v1/intakes/:id`.
    static func hummingbirdPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }

    /// The application: the server with its timeouts, plus `services` (the workers) and the sweep of
    /// abandoned uploads in its service group.
    public static func application(_ api: IntakeAPI, services: [any Service] = [], logger: Logger)
        -> Application<RouterResponder<IntakeRequestContext>> {
        let idle = api.settings.idleTimeout.components
        let sweeper = IncomingSweeper(archives: api.archives, untouchedFor: api.settings.abandonedUploadAge, every: .seconds(600),
                                      logger: logger)
        return Application(
            router: router(api, logger: logger),
            server: .http1ExpectingContinue(configuration: .init(idleTimeout: .seconds(idle.seconds))),
            configuration: .init(address: .hostname(api.settings.host, port: api.settings.port), serverName: "aligngate"),
            services: services + [sweeper],
            logger: logger)
    }
}

extension IntakeServer {
    /// Runs only workers (`aligngate worker`) until SIGTERM or SIGINT, which lets running intakes finish.
    public static func runWorkers(_ workers: IntakeWorkers, logger: Logger) async throws {
        try await ServiceGroup(services: [workers], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }
}

/// Turns every refusal into the JSON error shape (the router's own 404s included), never a 500 for a
/// client's input, and counts requests by route template. Logs never carry the Authorization header.
struct RefusalMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext
    let metrics: ServiceMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            error.logDetail(logger, path: request.uri.path)
            response = JSONResponse.make(error.status, APIError.Body(error: .init(code: error.code, message: error.message)))
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not_found" : error.status == .methodNotAllowed ? "method_not_allowed" : "bad_request"
            let message = error.status == .notFound ? "no such route: \(request.method) \(request.uri.path) (see GET /openapi.yaml)"
                : error.body ?? "\(error.status)"
            let status = error.status.code >= 500 ? HTTPResponse.Status.badRequest : error.status
            response = JSONResponse.make(status, APIError.Body(error: .init(code: code, message: message)))
        } catch {
            logger.error("unexpected failure", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = JSONResponse.make(.internalServerError,
                                         APIError.Body(error: .init(code: "internal", message: "the service failed on this request; see its log")))
        }
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code)
        logger.debug("\(request.method) \(request.uri.path) → \(response.status.code)")
        return response
    }
}
