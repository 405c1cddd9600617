import Foundation
import Ledger
import PostgresNIO

/// API keys on PostgreSQL: as on SQLite, only each key's SHA-256 is stored.
extension PostgresLedger {
    public func createAPIKey(client: String, now: Date) async throws(LedgerError) -> (key: String, record: APIKeyRecord) {
        guard APIKey.isValidClient(client) else { throw LedgerError(file: location, reason: .invalidClient(client)) }
        let created = APIKey.generate(client: client, at: LedgerTime.now(now))
        let r = created.record
        _ = try await rows("INSERT INTO apiKey (id, client, sha256, createdAt) VALUES (\(r.id), \(r.client), \(r.sha256), \(r.createdAt))")
        return created
    }

    public func revokeAPIKey(_ id: String, now: Date) async throws(LedgerError) -> APIKeyRecord {
        _ = try await rows("UPDATE apiKey SET revokedAt = \(LedgerTime.now(now)) WHERE id = \(id) AND revokedAt IS NULL")
        guard let record = try await keys("SELECT id, client, sha256, createdAt, revokedAt FROM apiKey WHERE id = \(id)").first else {
            throw LedgerError(file: location, reason: .unknownKey(id))
        }
        return record
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
        do {
            return try found.map { row in
                let (id, client, sha, created, revoked) = try row.decode((String, String, String, String, String?).self)
                return APIKeyRecord(id: id, client: client, sha256: sha, createdAt: created, revokedAt: revoked)
            }
        } catch { throw map(error) }
    }
}
