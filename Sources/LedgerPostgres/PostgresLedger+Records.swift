import Foundation
import Ledger
import Logging
import PostgresNIO

/// Approvals, exports and derivations on PostgreSQL: the same rows, rules and audit entries as the SQLite
/// ledger (`Ledger+Approvals`, `Ledger+Exports`, `Ledger+Derivations`), each write one transaction.
extension PostgresLedger {
    static let approvalColumns = "id, planHash, caseID, doctor, note, at, reportSHA256, reportFile"
    static let exportColumns = """
        id, planHash, caseID, vendor, options, path, staging, approvalID, unapproved, status, sha256, bytes, findings, \
        seconds, ownerHost, ownerPID, startedAt, finishedAt, detail
        """
    static let derivationColumns = "id, planHash, sourceHash, caseID, target, margin, detail, at"

    static func approval(_ row: PostgresRow) throws -> ApprovalRecord {
        let (id, planHash, caseID, doctor, note, at, sha, file) = try row.decode((Int64, String, String, String, String, String, String?, String?).self)
        return ApprovalRecord(id: id, planHash: planHash, caseID: caseID, doctor: doctor, note: note, at: at, reportSHA256: sha, reportFile: file)
    }

    static func export(_ row: PostgresRow) throws -> ExportRecord {
        let r = row.makeRandomAccess()
        let status = try r[9].decode(String.self)
        guard let known = ExportRecord.Status(rawValue: status) else { throw PostgresRecordError.unknownStatus(status) }
        var e = ExportRecord(planHash: try r[1].decode(String.self), caseID: try r[2].decode(String.self), vendor: try r[3].decode(String.self),
                             options: try r[4].decode(String.self), path: try r[5].decode(String.self), staging: try r[6].decode(String.self),
                             approvalID: try r[7].decode(Int64?.self), unapproved: try r[8].decode(Bool.self),
                             ownerHost: try r[14].decode(String.self), ownerPID: try r[15].decode(Int32.self), startedAt: try r[16].decode(String.self))
        e.id = try r[0].decode(Int64.self)
        e.status = known
        e.sha256 = try r[10].decode(String?.self)
        e.bytes = try r[11].decode(Int64?.self)
        e.findings = try r[12].decode(String?.self)
        e.seconds = try r[13].decode(Double?.self)
        e.finishedAt = try r[17].decode(String?.self)
        e.detail = try r[18].decode(String?.self)
        return e
    }

    static func derivation(_ row: PostgresRow) throws -> DerivationRecord {
        let (id, planHash, sourceHash, caseID, target, margin, detail, at) = try row.decode((Int64, String, String, String, String, Double, String, String).self)
        var d = DerivationRecord(planHash: planHash, sourceHash: sourceHash, caseID: caseID, target: target, margin: margin, detail: detail, at: at)
        d.id = id
        return d
    }

    static func recordRevision(_ c: PostgresConnection, logger: Logger, _ revision: RevisionInfo, at: String) async throws {
        try await c.query("""
            INSERT INTO planRevision (hash, caseID, firstSeen, summary) VALUES (\(revision.hash), \(revision.caseID), \(at), \(revision.summary))
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    // MARK: - Approvals

    /// Records `doctor`'s approval of exactly `revision`, with its audit entry, in one transaction.
    public func approve(_ revision: RevisionInfo, doctor: String, note: String, report: ReviewedReport?,
                        at date: Date = Date()) async throws(LedgerError) -> (ApprovalRecord, AuditEntry) {
        let at = LedgerTime.now(date)
        return try await transaction { c, logger in
            try await Self.recordRevision(c, logger: logger, revision, at: at)
            let inserted = try await c.query("""
                INSERT INTO approval (planHash, caseID, doctor, note, at, reportSHA256, reportFile)
                VALUES (\(revision.hash), \(revision.caseID), \(doctor), \(note), \(at), \(report?.sha256), \(report?.file)) RETURNING id
                """, logger: logger).collect()
            let approval = ApprovalRecord(id: try inserted.first?.decode(Int64.self), planHash: revision.hash, caseID: revision.caseID,
                                          doctor: doctor, note: note, at: at, reportSHA256: report?.sha256, reportFile: report?.file)
            let entry = try await Self.appendAudit(c, logger: logger, kind: "approval", payload: try AuditChain.approvalPayload(approval), at: at)
            return (approval, entry)
        }
    }

    /// The latest approval of exactly this plan hash; `unauditedApproval` when the chain does not vouch for it.
    public func approval(of planHash: String) async throws(LedgerError) -> ApprovalRecord? {
        try await transaction { c, logger in
            let found = try await c.query("SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE planHash = \(planHash) ORDER BY id DESC LIMIT 1",
                                          logger: logger).collect()
            guard let approval = try found.first.map(Self.approval) else { return nil }
            let payload = try AuditChain.approvalPayload(approval)
            var entries: [AuditEntry] = []
            for try await (seq, kind, text, at, previous, hash) in try await c.query(
                "SELECT seq, kind, payload, at, previousHash, hash FROM audit WHERE kind = 'approval' AND payload = \(payload)", logger: logger
            ).decode((Int64, String, String, String, String, String).self) {
                entries.append(AuditEntry(seq: Int(seq), kind: kind, payload: text, at: at, previousHash: previous, hash: hash))
            }
            // An entry whose own hash does not hold was edited into shape; it proves nothing.
            guard entries.count == 1, entries[0].computedHash() == entries[0].hash else {
                throw LedgerError(file: location, reason: .unauditedApproval(id: approval.id ?? 0, planHash: planHash))
            }
            return approval
        }
    }

    // MARK: - Exports

    /// Records a pending export (and its plan revision); returns it with its id.
    public func beginExport(_ export: ExportRecord, revision: RevisionInfo) async throws(LedgerError) -> ExportRecord {
        try await transaction { c, logger in
            try await Self.recordRevision(c, logger: logger, revision, at: export.startedAt)
            let e = export
            let inserted = try await c.query("""
                INSERT INTO export (planHash, caseID, vendor, options, path, staging, approvalID, unapproved, status, sha256, bytes,
                                    findings, seconds, ownerHost, ownerPID, startedAt, finishedAt, detail)
                VALUES (\(e.planHash), \(e.caseID), \(e.vendor), \(e.options), \(e.path), \(e.staging), \(e.approvalID), \(e.unapproved),
                        \(e.status.rawValue), \(e.sha256), \(e.bytes), \(e.findings), \(e.seconds), \(e.ownerHost), \(e.ownerPID),
                        \(e.startedAt), \(e.finishedAt), \(e.detail))
                RETURNING id
                """, logger: logger).collect()
            var recorded = export
            recorded.id = try inserted.first?.decode(Int64.self)
            return recorded
        }
    }

    /// Sets the staging file's path on a pending export.
    public func setStaging(_ id: Int64, staging: String) async throws(LedgerError) {
        _ = try await rows("UPDATE export SET staging = \(staging) WHERE id = \(id) AND status = 'pending'")
    }

    /// Records the staged archive's hash, size and the check's findings; the export stays pending.
    public func stageExport(_ id: Int64, sha256: String, bytes: Int64, findings: String) async throws(LedgerError) {
        _ = try await rows("UPDATE export SET sha256 = \(sha256), bytes = \(bytes), findings = \(findings) WHERE id = \(id) AND status = 'pending'")
    }

    /// Settles a pending export (`complete` appends its audit entry); nil when it was no longer pending.
    public func finishExport(_ id: Int64, status: ExportRecord.Status, seconds: Double?, detail: String?,
                             at date: Date = Date()) async throws(LedgerError) -> (ExportRecord, AuditEntry?)? {
        let at = LedgerTime.now(date)
        return try await transaction { c, logger -> (ExportRecord, AuditEntry?)? in
            let found = try await c.query("SELECT \(unescaped: Self.exportColumns) FROM export WHERE id = \(id) FOR UPDATE", logger: logger).collect()
            guard var export = try found.first.map(Self.export), export.status == .pending else { return nil }
            export.status = status
            export.seconds = seconds
            export.detail = detail
            export.finishedAt = at
            try await c.query("""
                UPDATE export SET status = \(status.rawValue), seconds = \(seconds), detail = \(detail), finishedAt = \(at) WHERE id = \(id)
                """, logger: logger)
            // Only exports that produced an archive are audited: the others left nothing to prove.
            guard status == .complete else { return (export, nil) }
            let entry = try await Self.appendAudit(c, logger: logger, kind: "export", payload: try AuditChain.exportPayload(export), at: at)
            return (export, entry)
        }
    }

    /// Every export still pending, oldest first.
    public func pendingExports() async throws(LedgerError) -> [ExportRecord] {
        let found = try await rows("SELECT \(unescaped: Self.exportColumns) FROM export WHERE status = 'pending' ORDER BY id")
        do { return try found.map(Self.export) } catch { throw map(error) }
    }

    /// One export by id.
    public func export(_ id: Int64) async throws(LedgerError) -> ExportRecord? {
        let found = try await rows("SELECT \(unescaped: Self.exportColumns) FROM export WHERE id = \(id)")
        do { return try found.first.map(Self.export) } catch { throw map(error) }
    }

    // MARK: - Derivations

    /// Records that `derived` was derived from `source`, with its audit entry; the same derivation again
    /// returns the first record and `isNew` false.
    public func recordDerivation(_ derived: RevisionInfo, from source: RevisionInfo, target: String, margin: Double, detail: String,
                                 at date: Date = Date()) async throws(LedgerError) -> (record: DerivationRecord, isNew: Bool) {
        let at = LedgerTime.now(date)
        return try await transaction { c, logger in
            try await Self.recordRevision(c, logger: logger, source, at: at)
            try await Self.recordRevision(c, logger: logger, derived, at: at)
            let select: PostgresQuery = """
                SELECT \(unescaped: Self.derivationColumns) FROM derivation
                WHERE planHash = \(derived.hash) AND sourceHash = \(source.hash) AND target = \(target) AND margin = \(margin)
                """
            let inserted = try await c.query("""
                INSERT INTO derivation (planHash, sourceHash, caseID, target, margin, detail, at)
                VALUES (\(derived.hash), \(source.hash), \(derived.caseID), \(target), \(margin), \(detail), \(at))
                ON CONFLICT (planHash, sourceHash, target, margin) DO NOTHING RETURNING id
                """, logger: logger).collect()
            guard let id = try inserted.first?.decode(Int64.self) else {
                guard let row = try await c.query(select, logger: logger).collect().first else {
                    throw LedgerError(file: location, reason: .database("derivation neither inserted nor found"))
                }
                return (try Self.derivation(row), false)
            }
            var record = DerivationRecord(planHash: derived.hash, sourceHash: source.hash, caseID: derived.caseID, target: target,
                                          margin: margin, detail: detail, at: at)
            record.id = id
            try await Self.appendAudit(c, logger: logger, kind: "derivation", payload: try AuditChain.derivationPayload(record), at: at)
            return (record, true)
        }
    }

    /// The derivations that produced `planHash` (normally one).
    public func derivations(of planHash: String) async throws(LedgerError) -> [DerivationRecord] {
        let found = try await rows("SELECT \(unescaped: Self.derivationColumns) FROM derivation WHERE planHash = \(planHash) ORDER BY id")
        do { return try found.map(Self.derivation) } catch { throw map(error) }
    }
}

/// A row the PostgreSQL store cannot turn back into a record.
enum PostgresRecordError: Error, CustomStringConvertible {
    case unknownStatus(String)

    var description: String {
        switch self {
        case let .unknownStatus(status): return "an export row has status \(status), not pending, complete, failed or abandoned"
        }
    }
}
