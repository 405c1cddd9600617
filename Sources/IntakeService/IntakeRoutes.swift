import Foundation
import Gateway
import Hummingbird
import Ledger
import PlanModel
import PlanPackage
import VendorKit

/// What the handlers share: the ledger, the archive store, the adapters, the limits and the counters.
public struct IntakeAPI: Sendable {
    public let ledger: any LedgerStore
    public let archives: ArchiveStore
    public let registry: Registry
    public let settings: ServiceSettings
    public let metrics: ServiceMetrics

    public init(ledger: any LedgerStore, archives: ArchiveStore, registry: Registry, settings: ServiceSettings,
                metrics: ServiceMetrics = ServiceMetrics()) {
        self.ledger = ledger
        self.archives = archives
        self.registry = registry
        self.settings = settings
        self.metrics = metrics
    }

    /// The client a request's bearer key belongs to; 401 for none, an unknown or a revoked key.
    func client(_ request: Request) async throws(APIError) -> String {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { throw .unauthorized }
        let key = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw .unauthorized }
        let client: String?
        do { client = try await ledger.client(forKey: key) } catch { throw .ledger(error) }
        guard let client else { throw .unauthorized }
        return client
    }

    /// POST /v1/intakes?for=TARGET[&vendor=ID][&strict=true]: the body streamed into the store, then queued
    /// (202), or the job already queued for the same archive and target (200).
    func submit(_ request: Request, context: IntakeRequestContext) async throws(APIError) -> Response {
        let client = try await client(request)
        let query = request.uri.queryParameters
        guard let target = query.get("for"), !target.isEmpty else {
            throw APIError(.badRequest, "missing_target", "name the target system to check against: ?for=VENDOR (see GET /v1/vendors)")
        }
        try requireAdapter(target, parameter: "for")
        let vendor = query.get("vendor").flatMap { $0.isEmpty ? nil : $0 }
        if let vendor {
            let adapter = try requireAdapter(vendor, parameter: "vendor")
            guard adapter.descriptor.direction.ingests else {
                throw APIError(.badRequest, "vendor_cannot_read", "vendor \(vendor) only exports; ?vendor= must name an adapter that reads archives")
            }
        }
        let strict = try flag(query.get("strict"), name: "strict")
        // Queued while the store holds this archive's admission lock: a failed enqueue removes only an
        // object no other upload's job can be relying on.
        let queued = try await receive(request, context) { body, declared, deadline in
            try await archives.receive(body, limit: settings.uploadLimit, declared: declared, deadline: deadline) { stored in
                metrics.uploaded(bytes: stored.bytes)
                let job = IntakeJobRecord(id: IntakeQueue.newJobID(), archiveSHA256: stored.sha256,
                                          target: RecordedIntake.profile(target: target, strict: strict), vendor: vendor,
                                          bytes: stored.bytes, submittedAt: LedgerTime.now())
                do { return try await ledger.enqueueIntake(job, client: client) } catch { throw APIError.ledger(error) }
            }
        }
        context.logger.info("upload received", metadata: ["client": "\(client)", "job": "\(queued.job.id)",
                                                          "sha256": "\(queued.job.archiveSHA256)", "queued": "\(queued.isNew)"])
        return try intakeResponse(queued.job, status: queued.isNew ? .accepted : .ok)
    }

    /// GET /v1/intakes/{id}: the client's own job (anyone else's is a 404).
    func show(_ request: Request, id: String) async throws(APIError) -> Response {
        let client = try await client(request)
        let job: IntakeJobRecord?
        do { job = try await ledger.intakeJob(id, client: client) } catch { throw .ledger(error) }
        guard let job else { throw .notFound("intake \(id)") }
        return try intakeResponse(job, status: .ok)
    }

    /// GET /v1/intakes[?case=ID]: the client's jobs, oldest first.
    func list(_ request: Request) async throws(APIError) -> Response {
        let client = try await client(request)
        let caseID = request.uri.queryParameters.get("case").flatMap { $0.isEmpty ? nil : $0 }
        let jobs: [IntakeJobRecord]
        do { jobs = try await ledger.intakeJobs(client: client, caseID: caseID, limit: 1000) } catch { throw .ledger(error) }
        return JSONResponse.make(.ok, IntakeList(intakes: jobs.map(IntakeView.init)))
    }

    /// POST /v1/checks[?vendor=ID…][&strict=true]: an `.alignplan` zip → the compatibility matrix, as
    /// `aligngate check --json` prints it.
    func check(_ request: Request, context: IntakeRequestContext) async throws(APIError) -> Response {
        _ = try await client(request)
        let query = request.uri.queryParameters
        let vendors = query.getAll("vendor").filter { !$0.isEmpty }
        for vendor in vendors { try requireAdapter(vendor, parameter: "vendor") }
        let strict = try flag(query.get("strict"), name: "strict")
        let scratch = try await receive(request, context) { body, declared, deadline in
            try await archives.receiveScratch(body, fileExtension: PlanFormat.fileExtension, limit: settings.uploadLimit,
                                              declared: declared, deadline: deadline)
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let registry = registry
        let result: Result<CompatibilityMatrix, APIError>
        do {
            result = try await Offload.run { () -> Result<CompatibilityMatrix, APIError> in
                let plan: TreatmentPlan
                do { plan = try PlanPackage.read(scratch) } catch {
                    return .failure(APIError(.unprocessableContent, "unreadable_plan",
                                             "the body is not a readable .alignplan zip: " + Self.withoutScratchPath(String(describing: error), scratch)))
                }
                do { return .success(try CompatibilityMatrix.check(plan, registry: registry, vendors: vendors, strict: strict)) } catch {
                    return .failure(APIError(.badRequest, "unknown_vendor", String(describing: error)))
                }
            }
        } catch {
            throw APIError(.internalServerError, "internal", "the check could not be run")
        }
        return JSONResponse.make(.ok, try result.get())
    }

    // MARK: - Shared rules

    /// The body through `store`, with the store's refusals as API errors; a client waiting for
    /// `100 Continue` gets it now, once every check that needs no body has passed.
    func receive<T>(_ request: Request, _ context: IntakeRequestContext,
                    _ store: (RequestBody, Int64?, ContinuousClock.Instant) async throws -> T) async throws(APIError) -> T {
        let declared = request.headers[.contentLength].flatMap { Int64($0) }
        if let declared, declared > settings.uploadLimit { throw Self.error(.tooLarge(limit: settings.uploadLimit), settings: settings) }
        await context.continueUpload(request)
        do {
            return try await store(request.body, declared, ContinuousClock.now + settings.uploadTimeout)
        } catch let refusal as ArchiveStore.Refusal {
            throw Self.error(refusal, settings: settings)
        } catch let error as APIError {
            throw error
        } catch {
            // The connection broke or the client stopped sending mid-body.
            throw APIError(.badRequest, "upload_incomplete", "the upload ended before its last byte (\(error)); nothing was stored")
        }
    }

    static func error(_ refusal: ArchiveStore.Refusal, settings: ServiceSettings) -> APIError {
        switch refusal {
        case let .tooLarge(limit):
            return APIError(.contentTooLarge, "too_large", "the archive is larger than the service accepts (\(limit) bytes); nothing was stored")
        case let .incomplete(received, declared):
            return APIError(.badRequest, "upload_incomplete",
                            "Content-Length said \(declared) bytes but \(received) arrived; nothing was stored")
        case .timedOut:
            return APIError(.requestTimeout, "upload_timeout",
                            "the upload took longer than \(settings.uploadTimeout.components.seconds) s; nothing was stored")
        case .empty: return APIError(.badRequest, "bad_request", "the body is empty: send the archive as the request body")
        case let .io(detail):
            return APIError(.serviceUnavailable, "store_unavailable",
                            "the archive store cannot be written; nothing was stored, retry later (the cause is in the service's log)", detail: detail)
        }
    }

    @discardableResult
    func requireAdapter(_ id: String, parameter: String) throws(APIError) -> any VendorAdapter {
        do { return try registry.adapter(id) } catch {
            throw APIError(.badRequest, "unknown_vendor", "?\(parameter)=\(id): \(error.description) (see GET /v1/vendors)")
        }
    }

    func flag(_ value: String?, name: String) throws(APIError) -> Bool {
        switch value {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let other?: throw APIError(.badRequest, "bad_request", "?\(name)=\(other): expected true or false")
        }
    }

    func intakeResponse(_ job: IntakeJobRecord, status: HTTPResponse.Status) throws(APIError) -> Response {
        do {
            return JSONResponse.raw(status, try IntakeView.document(job), headers: [.location: "/v1/intakes/\(job.id)"])
        } catch {
            throw APIError(.internalServerError, "internal", "intake \(job.id) cannot be shown as JSON")
        }
    }

    /// Messages name the client's upload, not the server's scratch file.
    static func withoutScratchPath(_ message: String, _ scratch: URL) -> String {
        message.replacingOccurrences(of: scratch.path, with: "the uploaded plan")
    }
}
