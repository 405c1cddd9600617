import Digest
import Foundation
import GRDB
import PlanModel

/// One entry of the append-only audit log. Each entry carries the previous entry's hash, so editing,
/// deleting or re-ordering any entry breaks the chain at that point (`Ledger.verifyAudit`).
public struct AuditEntry: Sendable, Hashable, Codable {
    /// 1, 2, 3, … with no gaps.
    public var seq: Int
    /// What happened: `approval`, `export`, `intake`.
    public var kind: String
    /// The record, as canonical JSON (sorted keys).
    public var payload: String
    /// When (UTC, ISO 8601 with milliseconds).
    public var at: String
    /// The previous entry's hash; 64 zeros for the first.
    public var previousHash: String
    /// SHA-256 of `canonicalText`.
    public var hash: String

    public init(seq: Int, kind: String, payload: String, at: String, previousHash: String, hash: String) {
        self.seq = seq
        self.kind = kind
        self.payload = payload
        self.at = at
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The previous hash of entry 1.
    public static let genesis = String(repeating: "0", count: 64)

    /// The bytes the hash covers: seq, kind, time, previous hash and payload, one per line (only the
    /// payload, last, may contain anything).
    public static func canonicalText(seq: Int, kind: String, at: String, previousHash: String, payload: String) -> String {
        "aligngate-audit-v1\n\(seq)\n\(kind)\n\(at)\n\(previousHash)\n\(payload)"
    }

    /// The hash this entry's fields give if it sat at position `seq`.
    public func computedHash(asSeq seq: Int? = nil) -> String {
        SHA256.hex(Array(Self.canonicalText(seq: seq ?? self.seq, kind: kind, at: at, previousHash: previousHash,
                                            payload: payload).utf8))
    }
}

extension AuditEntry: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"
}

/// Encodes audit payloads as canonical JSON: sorted keys, no extra whitespace.
enum CanonicalJSON {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Ledger {
    /// Appends an entry after the current head, inside the caller's (immediate) transaction.
    static func appendAudit<P: Encodable>(_ db: Database, kind: String, payload: P, at: String) throws -> AuditEntry {
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditHead WHERE id = 1")
            .map { AuditVerification.Head(seq: $0["seq"], hash: $0["hash"]) }
        let entry = AuditChain.entry(after: head, kind: kind, payload: try CanonicalJSON.string(payload), at: at)
        try entry.insert(db)
        try db.execute(sql: "INSERT INTO auditHead (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                       arguments: [entry.seq, entry.hash])
        return entry
    }

    /// Every audit entry in sequence order.
    public func auditEntries() throws(LedgerError) -> [AuditEntry] {
        try read { db in try AuditEntry.order(Column("seq")).fetchAll(db) }
    }

    /// Checks the whole chain and the recorded head, then that the approval, export and intake rows are
    /// exactly what the chain recorded (`AuditVerification.crossCheck`).
    public func verifyAudit() throws(LedgerError) -> AuditVerification {
        try read { db in
            let entries = try AuditEntry.order(Column("seq")).fetchAll(db)
            let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditHead WHERE id = 1")
                .map { AuditVerification.Head(seq: $0["seq"], hash: $0["hash"]) }
            var result = AuditVerification.check(entries, head: head)
            guard result.isIntact else { return result }
            result.problem = AuditVerification.crossCheck(entries, records: try Self.auditedRecords(db))
            return result
        }
    }

    /// Every approval, export, intake, derivation and API key row with the payload its audit entry must hold.
    static func auditedRecords(_ db: Database) throws -> [AuditVerification.Record] {
        var records: [AuditVerification.Record] = []
        for a in try ApprovalRecord.order(Column("id")).fetchAll(db) {
            guard let id = a.id else { continue }
            records.append(.init(kind: "approval", id: id, payload: try CanonicalJSON.string(AuditPayload.Approval(a))))
        }
        for e in try ExportRecord.order(Column("id")).fetchAll(db) {
            guard let id = e.id else { continue }
            records.append(.init(kind: "export", id: id, payload: try CanonicalJSON.string(AuditPayload.Export(e)),
                                 needsEntry: e.status == .complete))
        }
        for i in try IntakeRecord.order(Column("id")).fetchAll(db) {
            guard let id = i.id else { continue }
            records.append(.init(kind: "intake", id: id, payload: try CanonicalJSON.string(AuditPayload.Intake(i))))
        }
        for d in try DerivationRecord.order(Column("id")).fetchAll(db) {
            guard let id = d.id else { continue }
            records.append(.init(kind: "derivation", id: id, payload: try CanonicalJSON.string(AuditPayload.Derivation(d))))
        }
        for k in try APIKeyRecord.order(Column("createdAt"), Column("id")).fetchAll(db) {
            records += try AuditChain.keyRecords(k)
        }
        return records
    }

    /// Whether this exact approval row has its audit entry (same payload). A row written beside the chain,
    /// e.g. by a bare `INSERT INTO approval`, has none.
    static func isAudited(_ db: Database, _ approval: ApprovalRecord) throws -> Bool {
        let payload = try CanonicalJSON.string(AuditPayload.Approval(approval))
        let entries = try AuditEntry.filter(Column("kind") == "approval" && Column("payload") == payload).fetchAll(db)
        // An entry whose own hash does not hold was edited into shape; it proves nothing.
        return entries.count == 1 && entries[0].computedHash() == entries[0].hash
    }
}

/// The chain's rules for any store: the entry after a head, and the payloads records are audited with.
public enum AuditChain {
    /// The entry that follows `head` (nil or seq 0: the first entry).
    public static func entry(after head: AuditVerification.Head?, kind: String, payload: String, at: String) -> AuditEntry {
        let seq = (head?.seq ?? 0) + 1
        let previous = head.flatMap { $0.seq > 0 ? $0.hash : nil } ?? AuditEntry.genesis
        var entry = AuditEntry(seq: seq, kind: kind, payload: payload, at: at, previousHash: previous, hash: "")
        entry.hash = entry.computedHash()
        return entry
    }

    /// The canonical JSON an intake's audit entry holds.
    public static func intakePayload(_ record: IntakeRecord) throws -> String {
        try CanonicalJSON.string(AuditPayload.Intake(record))
    }

    /// The canonical JSON an approval's audit entry holds.
    public static func approvalPayload(_ record: ApprovalRecord) throws -> String {
        try CanonicalJSON.string(AuditPayload.Approval(record))
    }

    /// The canonical JSON a completed export's audit entry holds.
    public static func exportPayload(_ record: ExportRecord) throws -> String {
        try CanonicalJSON.string(AuditPayload.Export(record))
    }

    /// The chain's records of one API key: its creation and, once revoked, its revocation (`apiKey` and
    /// `apiKeyRevocation` entries; the key id read as a hex number is the record id).
    public static func keyRecords(_ key: APIKeyRecord) throws -> [AuditVerification.Record] {
        let number = APIKey.number(key.id) ?? -1
        var records = [AuditVerification.Record(kind: "apiKey", id: number, payload: try keyCreationPayload(key))]
        if let revocation = try keyRevocationPayload(key) {
            records.append(.init(kind: "apiKeyRevocation", id: number, payload: revocation))
        }
        return records
    }

    /// The canonical JSON of a key's creation entry: its id, client and SHA-256 (never the key).
    public static func keyCreationPayload(_ key: APIKeyRecord) throws -> String {
        try CanonicalJSON.string(AuditPayload.KeyCreation(key))
    }

    /// The canonical JSON of a key's revocation entry; nil while the key is live.
    public static func keyRevocationPayload(_ key: APIKeyRecord) throws -> String? {
        try AuditPayload.KeyRevocation(key).map { try CanonicalJSON.string($0) }
    }

    /// The canonical JSON a derivation's audit entry holds.
    public static func derivationPayload(_ record: DerivationRecord) throws -> String {
        try CanonicalJSON.string(AuditPayload.Derivation(record))
    }
}
