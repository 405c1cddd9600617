import Foundation
import GRDB

/// A revision aligngate derived from another (`aligngate restage`): the derived plan is a new revision
/// that needs its own approval; this row says where it came from.
public struct DerivationRecord: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "derivation"
    public var id: Int64?
    /// The derived revision.
    public var planHash: String
    /// The revision it was derived from.
    public var sourceHash: String
    public var caseID: String
    /// The system it was restaged for.
    public var target: String
    /// Every sub-step at most this share of the target's limits.
    public var margin: Double
    /// What changed, e.g. "upper 28 → 34 aligners, lower 26 → 31".
    public var detail: String
    public var at: String

    public init(planHash: String, sourceHash: String, caseID: String, target: String, margin: Double, detail: String, at: String) {
        self.planHash = planHash
        self.sourceHash = sourceHash
        self.caseID = caseID
        self.target = target
        self.margin = margin
        self.detail = detail
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Ledger {
    /// Records that `derived` was derived from `source` (both revisions recorded if new), with its audit
    /// entry; the same derivation recorded again returns the first record and `isNew` false.
    public func recordDerivation(_ derived: RevisionInfo, from source: RevisionInfo, target: String, margin: Double,
                                 detail: String, at date: Date = Date()) throws(LedgerError) -> (record: DerivationRecord, isNew: Bool) {
        let at = LedgerTime.string(date)
        return try write { db in
            let same = Column("planHash") == derived.hash && Column("sourceHash") == source.hash
                && Column("target") == target && Column("margin") == margin
            if let existing = try DerivationRecord.filter(same).fetchOne(db) { return (existing, false) }
            try Self.recordRevision(db, source, at: at)
            try Self.recordRevision(db, derived, at: at)
            var record = DerivationRecord(planHash: derived.hash, sourceHash: source.hash, caseID: derived.caseID,
                                          target: target, margin: margin, detail: detail, at: at)
            try record.insert(db)
            _ = try Self.appendAudit(db, kind: "derivation", payload: AuditPayload.Derivation(record), at: at)
            return (record, true)
        }
    }

    /// The derivations that produced `planHash` (normally one).
    public func derivations(of planHash: String) throws(LedgerError) -> [DerivationRecord] {
        try read { db in try DerivationRecord.filter(Column("planHash") == planHash).order(Column("id")).fetchAll(db) }
    }
}

extension AuditPayload {
    struct Derivation: Encodable {
        var derivation: Int64?
        var planHash: String
        var sourceHash: String
        var caseID: String
        var target: String
        var margin: Double
        var detail: String

        init(_ d: DerivationRecord) {
            derivation = d.id
            planHash = d.planHash
            sourceHash = d.sourceHash
            caseID = d.caseID
            target = d.target
            margin = d.margin
            detail = d.detail
        }
    }
}
