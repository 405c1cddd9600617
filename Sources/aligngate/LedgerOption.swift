import ArgumentParser
import Foundation
import Gateway
import Ledger

/// `--ledger PATH`, shared by every command that records: else `ALIGNGATE_LEDGER`, else the default.
struct LedgerOption: ParsableArguments {
    @Option(name: .customLong("ledger"),
            help: "The ledger database (default: $ALIGNGATE_LEDGER, else ./.aligngate/ledger.sqlite); serve, worker, keys, audit verify, approve and history also take postgres://USER@HOST:PORT/DB.")
    var path: String?

    /// Opens the ledger (creating it unless `mustExist`); a missing, damaged, foreign or newer file is
    /// reported and exits 2.
    func open(fallback: String = Ledger.defaultPath, mustExist: Bool = false) throws -> Ledger {
        if Self.postgresURL(path) != nil {
            Output.error("this command records in the SQLite ledger only; a postgres:// ledger serves `serve`, `worker`, `keys`, `audit verify`, `approve` and `history`")
            throw Output.unreadable
        }
        do { return try Ledger.open(Ledger.location(path, fallback: fallback), mustExist: mustExist) } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
    }
}
