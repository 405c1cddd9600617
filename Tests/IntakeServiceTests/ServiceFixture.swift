import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Ledger
import Logging
import PlanModel
import SampleCases

/// A service over a fresh ledger and store in a temporary folder, with keys and sample archives.
struct ServiceFixture {
    let folder: URL
    let ledger: Ledger
    let archives: ArchiveStore
    let registry: Registry
    let api: IntakeAPI
    let logger = Logger(label: "aligngate-test")

    /// `store` wraps the ledger the routes use (a `ScriptedLedger`, to fail on cue); workers use the ledger itself.
    init(uploadLimit: Int64 = 64 << 20, store: (Ledger) -> any LedgerStore = { $0 }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger.open(folder.appendingPathComponent("ledger.sqlite"))
        archives = try ArchiveStore(root: folder.appendingPathComponent("store"))
        registry = try Registry.standard()
        // A long idle timeout: the whole suite shares two cores, and a test task can wait longer than the
        // default 30 s between connecting and writing (no test here is about the idle timeout).
        api = IntakeAPI(ledger: store(ledger), archives: archives, registry: registry,
                        settings: ServiceSettings(port: 0, uploadLimit: uploadLimit, idleTimeout: .seconds(600)))
    }

    var application: Application<RouterResponder<IntakeRequestContext>> { IntakeServer.application(api, logger: logger) }

    func key(_ client: String) throws -> String { try ledger.createAPIKey(client: client).key }

    func workers(_ count: Int, lease: TimeInterval = 30) -> IntakeWorkers {
        IntakeWorkers(ledger: ledger, archives: archives, registry: registry,
                      settings: .init(count: count, lease: lease, poll: .milliseconds(50)), metrics: api.metrics, logger: logger)
    }

    /// A generic-stl archive of a small sample case (`seed` varies the case), written by the adapter (no ledger).
    func archive(seed: UInt64 = 1, stages: Int = 3) throws -> Data {
        let scratch = folder.appendingPathComponent("make-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let plan = try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: seed))
        let out = scratch.appendingPathComponent("case.zip")
        _ = try registry.adapter("generic-stl").export(plan, to: out, options: .init())
        return try Data(contentsOf: out)
    }

    /// Runs every queued job on this thread's worker "w", oldest first; the jobs it ran.
    @discardableResult
    func drainQueue() async throws -> [IntakeJobRecord] {
        var ran: [IntakeJobRecord] = []
        let workers = workers(1)
        while let job = try ledger.claimIntakeJob(worker: "w", lease: 60, now: Date(), maxAttempts: 3) {
            await workers.work(job, worker: "w")
            ran.append(job)
        }
        return ran
    }

    static func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }
}

/// A response body as JSON.
func json(_ body: ByteBuffer) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
        throw FixtureError.notAnObject(String(buffer: body))
    }
    return object
}

/// The `error.code` of a refusal's body.
func errorCode(_ body: ByteBuffer) -> String? {
    ((try? json(body))?["error"] as? [String: Any])?["code"] as? String
}

/// The intake object of an intake document.
func intake(_ body: ByteBuffer) throws -> [String: Any] {
    guard let intake = try json(body)["intake"] as? [String: Any] else { throw FixtureError.notAnObject(String(buffer: body)) }
    return intake
}

enum FixtureError: Error {
    case notAnObject(String)
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
