import ArgumentParser
import Foundation
import Gateway
import IntakeService
import Ledger
import LedgerPostgres
import Logging

/// What `serve` and `worker` share: the ledger, the archive store, the lease, the log level.
struct ServiceOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOption

    @Option(help: "The content-addressed store of uploaded archives (shared by every server and worker).")
    var store = ".aligngate/store"

    @Option(help: "Seconds a worker's claim on a job lasts without renewal (renewed every third of it).")
    var lease = 60

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard lease >= 3 else { throw ValidationError("--lease must be at least 3 seconds") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): not a level") }
    }

    /// Opens everything, then runs `body` until it returns; failures to open are reported and exit 2.
    func run(_ body: @escaping @Sendable (any LedgerStore, ArchiveStore, Registry, Logger) async throws -> Void) throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "aligngate")
        let registry = try PlanLoading.registry()
        let archives: ArchiveStore
        do { archives = try ArchiveStore(root: URL(fileURLWithPath: store)) } catch {
            Output.error("--store \(store): \(error)")
            throw Output.unreadable
        }
        let ledgerPath = ledger.path
        try Blocking.wait {
            let store = try await LedgerOption.openStore(ledgerPath, logger: logger)
            do { try await body(store, archives, registry, logger) } catch {
                await (store as? PostgresLedger)?.close()
                throw error
            }
            await (store as? PostgresLedger)?.close()
        }
    }
}

/// Runs async work from the synchronous commands, and waits for it.
enum Blocking {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do { result.set(.success(try await body())) } catch { result.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        switch result.get() {
        case let .success(value)?: return value
        case let .failure(error as ExitCode)?: throw error
        case let .failure(error)?:
            Output.error(String(describing: error))
            throw Output.unreadable
        case nil: throw Output.unreadable
        }
    }
}

/// A value shared with the task `ServiceOptions.run` waits for.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ new: Value) { lock.withLock { value = new } }
}
