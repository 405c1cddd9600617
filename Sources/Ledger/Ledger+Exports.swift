import Foundation
import GRDB

/// An export's life in the ledger: recorded as pending before anything is written, given its archive's
/// hash once the archive is staged, and completed (with its audit entry) once the archive is in place.
/// A process killed at any point leaves a pending row that `resolve` settles later.
extension Ledger {
    /// Records a pending export (and its plan revision); returns it with its id.
    public func beginExport(_ export: ExportRecord, revision: RevisionInfo) throws(LedgerError) -> ExportRecord {
        try write { db in
            try Self.recordRevision(db, revision, at: export.startedAt)
            var export = export
            try export.insert(db)
            return export
        }
    }

    /// Sets the staging file's path (known once the id is) on a pending export.
    public func setStaging(_ id: Int64, staging: String) throws(LedgerError) {
        try write { db in
            try db.execute(sql: "UPDATE export SET staging = ? WHERE id = ? AND status = 'pending'", arguments: [staging, id])
        }
    }

    /// Records the staged archive's hash, size and the check's findings; the export stays pending.
    public func stageExport(_ id: Int64, sha256: String, bytes: Int64, findings: String) throws(LedgerError) {
        try write { db in
            try db.execute(sql: "UPDATE export SET sha256 = ?, bytes = ?, findings = ? WHERE id = ? AND status = 'pending'",
                           arguments: [sha256, bytes, findings, id])
        }
    }

    /// Settles a pending export: `complete` appends its audit entry; `failed` / `abandoned` record why.
    /// Returns nil when the export was no longer pending (another process settled it).
    @discardableResult
    public func finishExport(_ id: Int64, status: ExportRecord.Status, seconds: Double?, detail: String?,
                             at date: Date = Date()) throws(LedgerError) -> (ExportRecord, AuditEntry?)? {
        let at = LedgerTime.string(date)
        return try write { db -> (ExportRecord, AuditEntry?)? in
            guard var export = try ExportRecord.fetchOne(db, key: id), export.status == .pending else { return nil }
            export.status = status
            export.seconds = seconds
            export.detail = detail
            export.finishedAt = at
            try export.update(db)
            // Only exports that produced an archive are audited: the others left nothing to prove.
            let entry = status == .complete ? try Self.appendAudit(db, kind: "export", payload: AuditPayload.Export(export), at: at) : nil
            return (export, entry)
        }
    }

    /// Every export still pending, oldest first.
    public func pendingExports() throws(LedgerError) -> [ExportRecord] {
        try read { db in try ExportRecord.filter(Column("status") == ExportRecord.Status.pending).order(Column("id")).fetchAll(db) }
    }

    /// One export by id.
    public func export(_ id: Int64) throws(LedgerError) -> ExportRecord? {
        try read { db in try ExportRecord.fetchOne(db, key: id) }
    }
}
