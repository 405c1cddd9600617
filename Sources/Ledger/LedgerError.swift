import Foundation

/// Why the ledger could not be used. Every case names the database file and what to do.
public struct LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The file is not an SQLite database, or SQLite found it corrupt.
        case damaged(String)
        /// A valid SQLite database, but another application's.
        case foreign
        /// Written by a newer aligngate: its schema version is beyond what this build knows.
        case newerSchema(found: Int, known: Int)
        /// Opened for reading only, and there is no ledger at that path.
        case missing
        /// The folder or file cannot be created, opened or written.
        case io(String)
        /// SQLite refused an operation (e.g. the database stayed locked past the busy timeout).
        case database(String)
        /// An approval row without its matching audit entry: written outside aligngate, so not trusted.
        case unauditedApproval(id: Int64, planHash: String)
        /// An API client name that is empty, too long or not plain text.
        case invalidClient(String)
        /// No API key with that id.
        case unknownKey(String)
    }

    /// The ledger file.
    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case let .damaged(detail):
            return "\(file): not a readable aligngate ledger (\(detail)); restore it from a backup or point --ledger elsewhere"
        case .foreign:
            return "\(file): an SQLite database of another application, not an aligngate ledger; point --ledger elsewhere"
        case let .newerSchema(found, known):
            return "\(file): ledger schema version \(found) is newer than this aligngate knows (\(known)); update aligngate"
        case .missing: return "\(file): no ledger here (nothing recorded yet, or --ledger / ALIGNGATE_LEDGER points elsewhere)"
        case let .io(detail): return "\(file): \(detail)"
        case let .database(detail): return "\(file): ledger database error: \(detail)"
        case let .unauditedApproval(id, planHash):
            return "\(file): approval #\(id) of plan revision \(planHash.prefix(12))… has no matching audit entry "
                + "(the ledger was changed outside aligngate), so it approves nothing; run `aligngate audit verify` "
                + "and restore the ledger from a backup"
        case let .invalidClient(name):
            return "\(file): client name \"\(name)\" refused: 1…100 characters of letters, digits, '.', '_', '-', '@'"
        case let .unknownKey(id): return "\(file): no API key \(id) (see `aligngate keys list`)"
        }
    }
}
