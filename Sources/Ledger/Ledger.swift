import Foundation
import GRDB

/// The gateway's embedded record: plan revisions, approvals, exports, intakes and the audit log, in one
/// SQLite file (WAL, a busy timeout, every write an immediate transaction so concurrent processes queue
/// instead of failing).
public final class Ledger: Sendable {
    /// The database file.
    public let file: URL
    let queue: DatabaseQueue

    /// How long a write waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 30

    /// The schema version this build writes; `open` migrates older ledgers up to it.
    public static var currentSchemaVersion: Int { LedgerSchema.currentVersion }

    /// The default location, relative to the working folder.
    public static let defaultPath = ".aligngate/ledger.sqlite"

    /// The ledger file to use: an explicit path, else `ALIGNGATE_LEDGER`, else `fallback`.
    public static func location(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                fallback: String = defaultPath) -> URL {
        let path = explicit ?? environment["ALIGNGATE_LEDGER"].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        return URL(fileURLWithPath: path)
    }

    /// Opens the ledger at `file` (creating it unless `mustExist`), checking that it is an aligngate ledger
    /// this build understands and bringing its schema up to date.
    public static func open(_ file: URL, mustExist: Bool = false) throws(LedgerError) -> Ledger {
        try open(file, mustExist: mustExist, schemaVersion: LedgerSchema.currentVersion)
    }

    /// Opens the ledger, migrating it no further than `schemaVersion`: how tests make a ledger exactly as an
    /// older aligngate wrote it, to show that later migrations bring it forward.
    package static func open(_ file: URL, mustExist: Bool = false, schemaVersion: Int) throws(LedgerError) -> Ledger {
        let path = file.standardizedFileURL.path
        if mustExist && !FileManager.default.fileExists(atPath: path) { throw LedgerError(file: path, reason: .missing) }
        let folder = file.standardizedFileURL.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LedgerError(file: path, reason: .io("cannot create the folder \(folder.path): \(error.localizedDescription)"))
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw LedgerError(file: path, reason: .io("is a folder, not a ledger file"))
        }
        // WAL is switched on only after the file proved to be ours (`prepare`): opening someone else's
        // database must not change it.
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "aligngate.ledger"
        let ledger: Ledger
        do {
            ledger = Ledger(file: file.standardizedFileURL, queue: try DatabaseQueue(path: path, configuration: config))
        } catch {
            throw map(error, file: path)
        }
        try ledger.prepare(upTo: min(max(schemaVersion, 0), LedgerSchema.currentVersion))
        return ledger
    }

    private init(file: URL, queue: DatabaseQueue) {
        self.file = file
        self.queue = queue
    }

    /// Identity, integrity and schema checks, then pending migrations, in one immediate transaction so two
    /// processes opening a new ledger at once cannot both migrate it.
    private func prepare(upTo target: Int) throws(LedgerError) {
        try write { db in
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            if tables > 0 && applicationID != LedgerSchema.applicationID {
                throw LedgerError(file: file.path, reason: .foreign)
            }
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            guard check == ["ok"] else {
                throw LedgerError(file: file.path, reason: .damaged(check.prefix(3).joined(separator: "; ")))
            }
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version > LedgerSchema.currentVersion {
                throw LedgerError(file: file.path, reason: .newerSchema(found: version, known: LedgerSchema.currentVersion))
            }
            for index in version..<max(version, target) {
                try LedgerSchema.migrations[index](db)
                try db.execute(sql: "PRAGMA user_version = \(index + 1)")
            }
        }
        do {
            try queue.writeWithoutTransaction { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
            }
        } catch {
            throw Self.map(error, file: file.path)
        }
    }

    /// The ledger's schema version (SQLite `user_version`).
    public func schemaVersion() throws(LedgerError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// Runs `body` in an immediate transaction: committed if it returns, rolled back if it throws.
    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw LedgerError(file: file.path, reason: .database("transaction produced nothing")) }
                return result
            }
        } catch {
            throw Self.map(error, file: file.path)
        }
    }

    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do { return try queue.read(body) } catch { throw Self.map(error, file: file.path) }
    }

    static func map(_ error: any Error, file: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT:
                return LedgerError(file: file, reason: .damaged(error.message ?? "\(error.resultCode)"))
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL:
                return LedgerError(file: file, reason: .io(error.message ?? "\(error.resultCode)"))
            default:
                return LedgerError(file: file, reason: .database(error.message ?? "\(error.resultCode)"))
            }
        }
        return LedgerError(file: file, reason: .database(String(describing: error)))
    }
}

/// Timestamps as the ledger stores them: UTC, ISO 8601 with milliseconds, so text order is time order.
public enum LedgerTime {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

extension LedgerTime {
    /// `date` as the ledger writes it.
    public static func now(_ date: Date = Date()) -> String { string(date) }

    /// The instant a ledger timestamp names; nil for text that is not one.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// Seconds from the timestamp `text` to `now` (0 for text that is not a timestamp).
    public static func seconds(since text: String, now: Date = Date()) -> Double {
        date(text).map { now.timeIntervalSince($0) } ?? 0
    }
}
