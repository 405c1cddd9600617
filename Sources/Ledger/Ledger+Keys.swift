import Digest
import Foundation
import GRDB

/// API keys of the intake service's clients. A key is `agk_<id>_<secret>`: the id names it in listings and
/// `keys revoke`, the secret (256 random bits) is what proves it; the ledger keeps the SHA-256 of the whole key.
public enum APIKey {
    /// A fresh key for `client` and the record that keeps its hash.
    public static func generate(client: String, at: String) -> (key: String, record: APIKeyRecord) {
        var generator = SystemRandomNumberGenerator()
        let id = String(generator.next() as UInt64, radix: 16).leftPadded(to: 16).prefix(12)
        let secret = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
        let key = "agk_\(id)_\(secret)"
        return (key, APIKeyRecord(id: String(id), client: client, sha256: hash(key), createdAt: at))
    }

    /// The SHA-256 the ledger compares a presented key by.
    public static func hash(_ key: String) -> String { SHA256.hex(Array(key.utf8)) }

    /// The key id as the audit chain numbers it (ids are 12 hex digits); nil for an id this build did not make.
    public static func number(_ id: String) -> Int64? {
        id.count == 12 ? Int64(id, radix: 16) : nil
    }

    /// Client names: 1…100 of letters, digits, `.`, `_`, `-`, `@` (they appear in logs and listings).
    public static func isValidClient(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_@".unicodeScalars.contains($0)) }
    }
}

extension Ledger {
    /// Creates a key for `client`; returns the key (shown once, never stored) and its record.
    public func createAPIKey(client: String, now: Date = Date()) throws(LedgerError) -> (key: String, record: APIKeyRecord) {
        guard APIKey.isValidClient(client) else { throw LedgerError(file: file.path, reason: .invalidClient(client)) }
        let created = APIKey.generate(client: client, at: LedgerTime.now(now))
        try write { db in
            try created.record.insert(db)
            _ = try Self.appendAudit(db, kind: "apiKey", payload: AuditPayload.KeyCreation(created.record), at: created.record.createdAt)
        }
        return created
    }

    /// Revokes key `id` (revoking it again changes nothing); throws when there is no such key.
    public func revokeAPIKey(_ id: String, now: Date = Date()) throws(LedgerError) -> APIKeyRecord {
        try write { db in
            guard var record = try APIKeyRecord.fetchOne(db, key: id) else {
                throw LedgerError(file: file.path, reason: .unknownKey(id))
            }
            if record.revokedAt == nil {
                record.revokedAt = LedgerTime.now(now)
                try record.update(db)
                try Self.auditRevocation(db, record)
            }
            return record
        }
    }

    /// Appends a revoked key's revocation entry (none for a live key).
    static func auditRevocation(_ db: Database, _ key: APIKeyRecord) throws {
        guard let revocation = AuditPayload.KeyRevocation(key) else { return }
        _ = try appendAudit(db, kind: "apiKeyRevocation", payload: revocation, at: revocation.revokedAt)
    }

    /// Every key, oldest first.
    public func apiKeys() throws(LedgerError) -> [APIKeyRecord] {
        try read { db in try APIKeyRecord.order(Column("createdAt"), Column("id")).fetchAll(db) }
    }

    /// The client a presented key belongs to; nil for an unknown or revoked key.
    public func client(forKey key: String) throws(LedgerError) -> String? {
        try read { db in
            try APIKeyRecord.filter(Column("sha256") == APIKey.hash(key) && Column("revokedAt") == nil).fetchOne(db)?.client
        }
    }
}

extension AuditPayload {
    /// A key's creation: which client, and the SHA-256 a presented key is compared by.
    struct KeyCreation: Encodable {
        var apiKey: Int64
        var id: String
        var client: String
        var sha256: String

        init(_ k: APIKeyRecord) {
            apiKey = APIKey.number(k.id) ?? -1
            id = k.id
            client = k.client
            sha256 = k.sha256
        }
    }

    /// A key's revocation.
    struct KeyRevocation: Encodable {
        var apiKeyRevocation: Int64
        var id: String
        var client: String
        var revokedAt: String

        init?(_ k: APIKeyRecord) {
            guard let at = k.revokedAt else { return nil }
            apiKeyRevocation = APIKey.number(k.id) ?? -1
            id = k.id
            client = k.client
            revokedAt = at
        }
    }
}
