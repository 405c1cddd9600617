import Foundation
import Ledger
import Logging
import NIOPosix
import PostgresNIO
import _ConnectionPoolModule

/// The ledger on PostgreSQL, for many servers and workers on many machines: intake records, plan revisions,
/// approvals, exports, derivations, the audit chain (the same entries and hashes as the SQLite ledger), the
/// job queue (claims with `FOR UPDATE SKIP LOCKED`) and API keys (audited).
public final class PostgresLedger: LedgerStore {
    /// The server URL without its password.
    public let location: String
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    /// Whether `text` names a PostgreSQL ledger (`postgres://` or `postgresql://`).
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, plain TCP: keep it on loopback or
    /// a private network; without a password in the URL, `PGPASSWORD` as libpq reads it), checks the schema
    /// and brings it up to date.
    public static func connect(_ url: String, logger: Logger) async throws(LedgerError) -> PostgresLedger {
        let (configuration, location) = try parse(url)
        try await probe(configuration, location: location, logger: logger)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let ledger = PostgresLedger(client: client, location: location, logger: logger)
        do {
            try await ledger.migrate()
        } catch {
            await ledger.close()
            throw error
        }
        return ledger
    }

    private init(client: PostgresClient, location: String, logger: Logger) {
        self.client = client
        self.location = location
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Closes the connections.
    public func close() async {
        running.cancel()
        _ = await running.value
    }

    static func parse(_ url: String) throws(LedgerError) -> (PostgresClient.Configuration, String) {
        guard let parts = URLComponents(string: url), isURL(url), let host = parts.host, !host.isEmpty,
              let user = parts.user, !user.isEmpty else {
            throw LedgerError(file: url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression),
                              reason: .io("not a PostgreSQL URL: expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"))
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let port = parts.port ?? 5432
        // A password on the command line is visible to `ps`; PGPASSWORD (or the whole URL in ALIGNGATE_LEDGER) is not.
        let password = parts.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = 8
        return (configuration, "postgres://\(user)@\(host):\(port)/\(database)")
    }

    /// One plain connection first: the pool retries a failing server for 15 s and then reports only that its
    /// circuit breaker tripped, while a single connection fails at once with the cause (refused, unknown host,
    /// wrong password, no such database).
    static func probe(_ configuration: PostgresClient.Configuration, location: String, logger: Logger) async throws(LedgerError) {
        guard let host = configuration.host, let port = configuration.port else { return }
        let single = PostgresConnection.Configuration(host: host, port: port, username: configuration.username,
                                                      password: configuration.password, database: configuration.database, tls: .disable)
        do {
            let connection = try await PostgresConnection.connect(configuration: single, id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw describe(error, location: location)
        }
    }

    /// Creates or updates the schema, once, under an advisory lock.
    func migrate() async throws(LedgerError) {
        try await transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS aligngateSchema (version INTEGER NOT NULL)", logger: logger)
            var version = 0
            for try await (found) in try await connection.query("SELECT version FROM aligngateSchema", logger: logger).decode(Int.self) {
                version = found
            }
            if version > PostgresSchema.currentVersion {
                throw LedgerError(file: location, reason: .newerSchema(found: version, known: PostgresSchema.currentVersion))
            }
            if version == 0 { try await connection.query("INSERT INTO aligngateSchema (version) VALUES (0)", logger: logger) }
            for index in version..<PostgresSchema.currentVersion {
                for statement in PostgresSchema.migrations[index] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                if index + 1 == PostgresSchema.keyAuditVersion { try await Self.auditExistingKeys(connection, logger: logger) }
                try await connection.query("UPDATE aligngateSchema SET version = \(index + 1)", logger: logger)
            }
        }
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection, Logger) async throws -> T) async throws(LedgerError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection, logger) }
        } catch {
            throw map(error)
        }
    }

    /// Runs one query outside a transaction and collects its rows.
    func rows(_ query: PostgresQuery) async throws(LedgerError) -> [PostgresRow] {
        do { return try await client.query(query, logger: logger).collect() } catch { throw map(error) }
    }

    func map(_ error: any Error) -> LedgerError { Self.describe(error, location: location) }

    /// A driver error as a ledger error a person can act on. PSQLError's own description is a fixed
    /// "Database error" (so it cannot leak data); the server's message and the socket's cause are read out.
    static func describe(_ error: any Error, location: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? PostgresTransactionError,
           let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError {
            return describe(cause, location: location)
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return LedgerError(file: location, reason: .database(message)) }
            return LedgerError(file: location, reason: .io("cannot reach the database: \(cause(of: error))"))
        }
        if let error = error as? ConnectionPoolError, error == .connectionCreationCircuitBreakerTripped {
            return LedgerError(file: location, reason: .io("cannot reach the database: no connection could be opened for 15 s"))
        }
        return LedgerError(file: location, reason: .database(String(describing: error)))
    }

    static func cause(of error: PSQLError) -> String {
        switch error.code {
        case .connectionError:
            guard let underlying = error.underlying else { return "the connection failed" }
            if let failure = underlying as? NIOConnectionError {
                let tried = failure.connectionErrors.map { "\($0.target): \($0.error)" }
                let lookup = [failure.dnsAError, failure.dnsAAAAError].compactMap { $0 }.map { "lookup of \(failure.host): \($0)" }
                return (tried + lookup).first ?? "no address of \(failure.host) answered"
            }
            return String(describing: underlying)
        case .serverClosedConnection: return "the server closed the connection"
        case .poolClosed: return "the connection pool is closed"
        default: return "\(error.code)"
        }
    }

    // MARK: - Intakes, history, audit

    static let intakeColumns = "id, archiveSHA256, profile, archive, vendor, caseID, planHash, verdict, accepted, findings, at"

    static func intake(_ row: PostgresRow) throws -> IntakeRecord {
        let r = row.makeRandomAccess()
        var record = IntakeRecord(archiveSHA256: try r[1].decode(String.self), profile: try r[2].decode(String.self),
                                  archive: try r[3].decode(String.self), vendor: try r[4].decode(String.self),
                                  caseID: try r[5].decode(String.self), planHash: try r[6].decode(String?.self),
                                  verdict: try r[7].decode(String.self), accepted: try r[8].decode(Bool.self),
                                  findings: try r[9].decode(String.self), at: try r[10].decode(String.self))
        record.id = try r[0].decode(Int64.self)
        return record
    }

    public func intake(archiveSHA256: String, profile: String) async throws(LedgerError) -> IntakeRecord? {
        let found = try await rows("SELECT \(unescaped: Self.intakeColumns) FROM intake WHERE archiveSHA256 = \(archiveSHA256) AND profile = \(profile)")
        do { return try found.first.map(Self.intake) } catch { throw map(error) }
    }

    public func intake(id: Int64) async throws(LedgerError) -> IntakeRecord? {
        let found = try await rows("SELECT \(unescaped: Self.intakeColumns) FROM intake WHERE id = \(id)")
        do { return try found.first.map(Self.intake) } catch { throw map(error) }
    }

    /// Records the intake with its audit entry, unless the same (archive, profile) is there — then that record.
    public func recordIntake(_ intake: IntakeRecord, revision: RevisionInfo?) async throws(LedgerError) -> (record: IntakeRecord, isNew: Bool) {
        try await transaction { c, logger in
            let select: PostgresQuery = "SELECT \(unescaped: Self.intakeColumns) FROM intake WHERE archiveSHA256 = \(intake.archiveSHA256) AND profile = \(intake.profile)"
            if let row = try await c.query(select, logger: logger).collect().first { return (try Self.intake(row), false) }
            if let revision {
                try await c.query("""
                    INSERT INTO planRevision (hash, caseID, firstSeen, summary) VALUES (\(revision.hash), \(revision.caseID), \(intake.at), \(revision.summary))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            let inserted = try await c.query("""
                INSERT INTO intake (archiveSHA256, profile, archive, vendor, caseID, planHash, verdict, accepted, findings, at)
                VALUES (\(intake.archiveSHA256), \(intake.profile), \(intake.archive), \(intake.vendor), \(intake.caseID), \(intake.planHash),
                        \(intake.verdict), \(intake.accepted), \(intake.findings), \(intake.at))
                ON CONFLICT (archiveSHA256, profile) DO NOTHING RETURNING id
                """, logger: logger).collect()
            guard let id = try inserted.first?.decode(Int64.self) else {
                // Another worker's transaction recorded it first.
                guard let row = try await c.query(select, logger: logger).collect().first else {
                    throw LedgerError(file: location, reason: .database("intake neither inserted nor found"))
                }
                return (try Self.intake(row), false)
            }
            var record = intake
            record.id = id
            try await Self.appendAudit(c, logger: logger, kind: "intake", payload: try AuditChain.intakePayload(record), at: record.at)
            return (record, true)
        }
    }

    /// Appends an entry after the head, holding the head's row lock until the transaction ends.
    @discardableResult
    static func appendAudit(_ c: PostgresConnection, logger: Logger, kind: String, payload: String, at: String) async throws -> AuditEntry {
        let head = try await c.query("SELECT seq, hash FROM auditHead WHERE id = 1 FOR UPDATE", logger: logger).collect().first
        let (seq, hash) = try head?.decode((Int64, String).self) ?? (Int64(0), AuditEntry.genesis)
        let entry = AuditChain.entry(after: AuditVerification.Head(seq: Int(seq), hash: hash), kind: kind, payload: payload, at: at)
        try await c.query("""
            INSERT INTO audit (seq, kind, payload, at, previousHash, hash)
            VALUES (\(Int64(entry.seq)), \(entry.kind), \(entry.payload), \(entry.at), \(entry.previousHash), \(entry.hash))
            """, logger: logger)
        try await c.query("UPDATE auditHead SET seq = \(Int64(entry.seq)), hash = \(entry.hash) WHERE id = 1", logger: logger)
        return entry
    }

    /// The case's revisions, derivations, approvals, exports and intakes, in the order they happened.
    public func history(caseID: String) async throws(LedgerError) -> CaseHistory {
        let revisions = try await rows("SELECT hash, caseID, firstSeen, summary FROM planRevision WHERE caseID = \(caseID)")
        let approvals = try await rows("SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE caseID = \(caseID) ORDER BY id")
        let exports = try await rows("SELECT \(unescaped: Self.exportColumns) FROM export WHERE caseID = \(caseID) ORDER BY id")
        let intakes = try await rows("SELECT \(unescaped: Self.intakeColumns) FROM intake WHERE caseID = \(caseID) ORDER BY id")
        let derivations = try await rows("SELECT \(unescaped: Self.derivationColumns) FROM derivation WHERE caseID = \(caseID) ORDER BY id")
        do {
            var events: [CaseHistory.Event] = try revisions.map { row in
                let (hash, caseID, firstSeen, summary) = try row.decode((String, String, String, String).self)
                return .revision(PlanRevisionRecord(hash: hash, caseID: caseID, firstSeen: firstSeen, summary: summary))
            }
            events += try approvals.map { .approval(try Self.approval($0)) }
            events += try exports.map { .export(try Self.export($0)) }
            events += try intakes.map { .intake(try Self.intake($0)) }
            events += try derivations.map { .derivation(try Self.derivation($0)) }
            return CaseHistory(caseID: caseID, ordering: events)
        } catch { throw map(error) }
    }

    /// The chain and head, then every approval, export, intake, derivation and API key row against its entry — as
    /// `Ledger.verifyAudit`.
    public func verifyAudit() async throws(LedgerError) -> AuditVerification {
        try await transaction { c, logger in
            try await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
            var entries: [AuditEntry] = []
            for try await (seq, kind, payload, at, previous, hash) in try await c.query(
                "SELECT seq, kind, payload, at, previousHash, hash FROM audit ORDER BY seq", logger: logger
            ).decode((Int64, String, String, String, String, String).self) {
                entries.append(AuditEntry(seq: Int(seq), kind: kind, payload: payload, at: at, previousHash: previous, hash: hash))
            }
            let head = try await c.query("SELECT seq, hash FROM auditHead WHERE id = 1", logger: logger).collect().first
                .map { row in try row.decode((Int64, String).self) }
                .flatMap { $0.0 > 0 ? AuditVerification.Head(seq: Int($0.0), hash: $0.1) : nil }
            var result = AuditVerification.check(entries, head: head)
            guard result.isIntact else { return result }
            var records: [AuditVerification.Record] = []
            for row in try await c.query("SELECT \(unescaped: Self.approvalColumns) FROM approval ORDER BY id", logger: logger).collect() {
                let record = try Self.approval(row)
                records.append(.init(kind: "approval", id: record.id ?? 0, payload: try AuditChain.approvalPayload(record)))
            }
            for row in try await c.query("SELECT \(unescaped: Self.exportColumns) FROM export ORDER BY id", logger: logger).collect() {
                let record = try Self.export(row)
                records.append(.init(kind: "export", id: record.id ?? 0, payload: try AuditChain.exportPayload(record),
                                     needsEntry: record.status == .complete))
            }
            for row in try await c.query("SELECT \(unescaped: Self.intakeColumns) FROM intake ORDER BY id", logger: logger).collect() {
                let record = try Self.intake(row)
                records.append(.init(kind: "intake", id: record.id ?? 0, payload: try AuditChain.intakePayload(record)))
            }
            for row in try await c.query("SELECT \(unescaped: Self.derivationColumns) FROM derivation ORDER BY id", logger: logger).collect() {
                let record = try Self.derivation(row)
                records.append(.init(kind: "derivation", id: record.id ?? 0, payload: try AuditChain.derivationPayload(record)))
            }
            for row in try await c.query("SELECT id, client, sha256, createdAt, revokedAt FROM apiKey ORDER BY createdAt, id", logger: logger).collect() {
                records += try AuditChain.keyRecords(try Self.key(row))
            }
            result.problem = AuditVerification.crossCheck(entries, records: records)
            return result
        }
    }
}

extension PostgresLedger {
    /// Drops and creates database `name` (tests and the load script: each run starts empty). `name` must be
    /// a plain identifier.
    public func recreateDatabase(_ name: String) async throws(LedgerError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw LedgerError(file: location, reason: .database("database name \(name) is not a plain identifier"))
        }
        _ = try await rows(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        _ = try await rows(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
    }
}
