import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// `Expect: 100-continue` (RFC 9110 §10.1.1): a client that asks sends its body only after an interim
/// `100 Continue`. Hummingbird does not answer it, so curl and many libraries would wait (curl 1 s) before
/// every large upload. This handler sends the 100 only when a route asks for the body
/// (`IntakeRequestContext.continueUpload()`, after the key and the query were checked), so a request refused
/// up front gets its final answer at once and its body is never sent. Such an answer carries
/// `Connection: close` and the server then stops writing: the client never sent the body the headers
/// announced, so the connection cannot carry another request.
///
/// The same goes for any final answer sent while the request's body is still coming (a refusal before the
/// body was read, a 413 or 408 midway): Hummingbird would read and drop the rest, however slowly it
/// trickles in, so the answer closes the connection instead — a half-close, then a full close after
/// `linger` (as nginx's lingering close: the client reads the answer before a reset could destroy it).
///
/// It sits between NIO's HTTP/1 decoder and the HTTP-types codec, where the request's version is known:
/// an HTTP/1.0 request's expectation is removed unseen, as the RFC requires.
final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The route's request for the body (`channel.triggerUserOutboundEvent`): send the 100 if it is awaited.
    struct BodyWanted: Sendable {}

    private enum Request {
        /// No expectation pending: none asked, the body began or was continued, or the request is complete.
        case settled
        /// The client waits for a 100 before sending the body.
        case awaitingContinue(HTTPVersion)
    }

    /// How long a connection stays half-closed after such an answer before it is closed outright.
    static let linger = TimeAmount.seconds(5)

    private var request = Request.settled
    /// A request head was read and its end not yet: its body is still to come.
    private var bodyIncoming = false
    /// Requests read and not yet answered. NIO decodes pipelined requests ahead, so the head of the next
    /// request can pass here before this one's answer: the state above is the newest request's, and an
    /// answer concerns it only when it is the one request outstanding.
    private var unanswered = 0
    /// The final answer went out while the client still held back or was sending its body: stop after it.
    private var closeAfterResponse = false
    private var responseEnded = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            request = .settled
            bodyIncoming = true
            unanswered += 1
            if head.headers.contains(name: "expect") {
                if head.version.major == 1 && head.version.minor == 0 {
                    head.headers.remove(name: "expect")
                } else {
                    request = .awaitingContinue(head.version)
                }
            }
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body:
            // The client sent its body without waiting: nothing is held back any more.
            request = .settled
            context.fireChannelRead(data)
        case .end:
            request = .settled
            bodyIncoming = false
            context.fireChannelRead(data)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is BodyWanted else { return context.triggerUserOutboundEvent(event, promise: promise) }
        guard case let .awaitingContinue(version) = request else {
            promise?.succeed(())
            return
        }
        request = .settled
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .continue))), promise: promise)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            let heldBack = if case .awaitingContinue = request { true } else { false }
            guard unanswered == 1, heldBack || bodyIncoming else { return context.write(data, promise: promise) }
            request = .settled
            closeAfterResponse = true
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            unanswered = max(0, unanswered - 1)
            responseEnded = closeAfterResponse
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        guard responseEnded else { return }
        closeAfterResponse = false
        responseEnded = false
        // Half-close: the client sees the end of the answer; what it still sends is read and dropped until it
        // closes or `linger` ends (no reset at once that could swallow the answer).
        context.close(mode: .output, promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
    }
}

/// Hummingbird's HTTP/1 channel with the `ExpectContinueHandler` below its HTTP-types codec.
struct IntakeHTTP1Channel: ServerChildChannel {
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(ExpectContinueHandler(), position: .after(decoder))
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 that answers `Expect: 100-continue` (see `ExpectContinueHandler`).
    static func http1ExpectingContinue(configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        .init { responder in IntakeHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration)) }
    }
}

/// The service's request context: Hummingbird's, plus the connection, so a route can release a body the
/// client holds back until `100 Continue`.
public struct IntakeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Called by a route once it will read the body: sends `100 Continue` if the client waits for it.
    func continueUpload(_ request: Request) async {
        guard request.headers[.expect] != nil else { return }
        do { try await channel.triggerUserOutboundEvent(ExpectContinueHandler.BodyWanted()).get() } catch {
            // The connection is gone; reading the body reports that.
            logger.debug("100 Continue not sent: \(error)")
        }
    }
}

/// Expectations other than `100-continue` cannot be met: 417 (RFC 9110 §10.1.1), before any route runs.
struct ExpectationMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let expect = request.headers[.expect], let unmet = Self.unmet(expect) {
            throw APIError(.expectationFailed, "expectation_failed",
                           "Expect: \(unmet) cannot be met; the only expectation this service knows is 100-continue")
        }
        return try await next(request, context)
    }

    /// The first member of an `Expect` value other than `100-continue`, if any.
    static func unmet(_ value: String) -> String? {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && $0.lowercased() != "100-continue" }
    }
}
