import ArgumentParser
import Foundation
import Gateway
import Ledger
import LedgerPostgres
import Logging

/// `--ledger PATH|URL`, shared by every command that records or reads: else `ALIGNGATE_LEDGER`, else the default.
struct LedgerOption: ParsableArguments {
    @Option(name: .customLong("ledger"),
            help: "The ledger: a SQLite file (default: $ALIGNGATE_LEDGER, else ./.aligngate/ledger.sqlite) or a shared PostgreSQL ledger, postgres://USER@HOST:PORT/DB.")
    var path: String?

    /// Opens the ledger (a SQLite file is created unless `mustExist`), runs `body` on it and closes it; the
    /// use case's errors become exit codes (`PlanLoading.exitCode`). A missing, damaged, foreign or newer
    /// ledger is reported and exits 2.
    func withStore<T: Sendable>(fallback: String = Ledger.defaultPath, mustExist: Bool = false,
                                _ body: @escaping @Sendable (any LedgerStore) async throws -> T) throws -> T {
        let path = self.path
        return try Blocking.wait {
            try await Self.openStore(path, logger: KeysCommand.logger, mustExist: mustExist, fallback: fallback).closing { store in
                do { return try await body(store) } catch { throw PlanLoading.exitCode(for: error) }
            }
        }
    }

    /// `withStore` for a command that reads and never creates a ledger (`report`): `body` gets nil where no
    /// SQLite file is (a server ledger is always opened).
    func withExistingStore<T: Sendable>(_ body: @escaping @Sendable ((any LedgerStore)?) async throws -> T) throws -> T {
        let path = self.path
        let exists = Self.postgresURL(path) != nil || FileManager.default.fileExists(atPath: Ledger.location(path).path)
        guard exists else {
            return try Blocking.wait {
                do { return try await body(nil) } catch { throw PlanLoading.exitCode(for: error) }
            }
        }
        return try withStore(mustExist: true) { try await body($0) }
    }

    /// The ledger named by `--ledger` or `ALIGNGATE_LEDGER`: `postgres://…` connects to the server, anything
    /// else is the SQLite file (`fallback` when neither names one).
    static func openStore(_ path: String?, logger: Logger, mustExist: Bool = false,
                          fallback: String = Ledger.defaultPath) async throws -> any LedgerStore {
        if let url = postgresURL(path) { return try await PostgresLedger.connect(url, logger: logger) }
        do { return try Ledger.open(Ledger.location(path, fallback: fallback), mustExist: mustExist) } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
    }

    /// The PostgreSQL URL named by `--ledger` or `ALIGNGATE_LEDGER`, if that is what they name.
    static func postgresURL(_ path: String?) -> String? {
        let named = path ?? ProcessInfo.processInfo.environment["ALIGNGATE_LEDGER"]
        return named.flatMap { PostgresLedger.isURL($0) ? $0 : nil }
    }
}

extension LedgerStore {
    /// Runs `body` on the store, then closes a server connection (the SQLite file closes itself).
    func closing<T: Sendable>(_ body: (Self) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            await (self as? PostgresLedger)?.close()
            return value
        } catch {
            await (self as? PostgresLedger)?.close()
            throw error
        }
    }
}
