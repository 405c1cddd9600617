import Foundation
import Ledger
import Logging
import PostgresNIO

/// API keys on PostgreSQL: as on SQLite, only each key's SHA-256 is stored, and creation and revocation are audited.
extension PostgresLedger {
    /// Creates a key for `client` with its `apiKey` audit entry; returns the key (shown once) and its record.
    public func createAPIKey(client: String, now: Date) async throws(LedgerError) -> (key: String, record: APIKeyRecord) {
        guard APIKey.isValidClient(client) else { throw LedgerError(file: location, reason: .invalidClient(client)) }
        let created = APIKey.generate(client: client, at: LedgerTime.now(now))
        let r = created.record
        try await transaction { c, logger in
            try await c.query("INSERT INTO apiKey (id, client, sha256, createdAt) VALUES (\(r.id), \(r.client), \(r.sha256), \(r.createdAt))",
                              logger: logger)
            try await Self.appendAudit(c, logger: logger, kind: "apiKey", payload: try AuditChain.keyCreationPayload(r), at: r.createdAt)
        }
        return created
    }

    /// Revokes key `id` with its `apiKeyRevocation` entry (revoking it again changes nothing); throws when
    /// there is no such key.
    public func revokeAPIKey(_ id: String, now: Date) async throws(LedgerError) -> APIKeyRecord {
        let found = try await transaction { c, logger -> APIKeyRecord? in
            let revoked = try await c.query("""
                UPDATE apiKey SET revokedAt = \(LedgerTime.now(now)) WHERE id = \(id) AND revokedAt IS NULL
                RETURNING id, client, sha256, createdAt, revokedAt
                """, logger: logger).collect()
            if let key = try revoked.first.map(Self.key) {
                try await Self.auditRevocation(c, logger: logger, key)
                return key
            }
            return try await c.query("SELECT id, client, sha256, createdAt, revokedAt FROM apiKey WHERE id = \(id)", logger: logger)
                .collect().first.map(Self.key)
        }
        guard let found else { throw LedgerError(file: location, reason: .unknownKey(id)) }
        return found
    }

    static func auditRevocation(_ c: PostgresConnection, logger: Logger, _ key: APIKeyRecord) async throws {
        guard let payload = try AuditChain.keyRevocationPayload(key), let at = key.revokedAt else { return }
        try await appendAudit(c, logger: logger, kind: "apiKeyRevocation", payload: payload, at: at)
    }

    /// Schema version 3: the keys created before keys were audited get their entries, in creation order.
    static func auditExistingKeys(_ c: PostgresConnection, logger: Logger) async throws {
        let keys = try await c.query("SELECT id, client, sha256, createdAt, revokedAt FROM apiKey ORDER BY createdAt, id", logger: logger)
            .collect().map(key)
        for key in keys {
            try await appendAudit(c, logger: logger, kind: "apiKey", payload: try AuditChain.keyCreationPayload(key), at: key.createdAt)
            try await auditRevocation(c, logger: logger, key)
        }
    }

    public func apiKeys() async throws(LedgerError) -> [APIKeyRecord] {
        try await keys("SELECT id, client, sha256, createdAt, revokedAt FROM apiKey ORDER BY createdAt, id")
    }

    public func client(forKey key: String) async throws(LedgerError) -> String? {
        try await keys("SELECT id, client, sha256, createdAt, revokedAt FROM apiKey WHERE sha256 = \(APIKey.hash(key)) AND revokedAt IS NULL")
            .first?.client
    }

    func keys(_ query: PostgresQuery) async throws(LedgerError) -> [APIKeyRecord] {
        let found = try await rows(query)
        do { return try found.map(Self.key) } catch { throw map(error) }
    }

    static func key(_ row: PostgresRow) throws -> APIKeyRecord {
        let (id, client, sha, created, revoked) = try row.decode((String, String, String, String, String?).self)
        return APIKeyRecord(id: id, client: client, sha256: sha, createdAt: created, revokedAt: revoked)
    }
}
