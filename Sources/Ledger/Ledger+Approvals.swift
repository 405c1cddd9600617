import Foundation
import GRDB

/// What the ledger needs to know about a plan revision to record it.
public struct RevisionInfo: Sendable, Hashable {
    public var hash: String
    public var caseID: String
    public var summary: String

    public init(hash: String, caseID: String, summary: String) {
        self.hash = hash
        self.caseID = caseID
        self.summary = summary
    }
}

extension Ledger {
    /// Records the revision if new (first sighting wins), inside the caller's transaction.
    static func recordRevision(_ db: Database, _ revision: RevisionInfo, at: String) throws {
        try PlanRevisionRecord(hash: revision.hash, caseID: revision.caseID, firstSeen: at, summary: revision.summary)
            .insert(db, onConflict: .ignore)
    }

    /// Records `doctor`'s approval of exactly `revision` (and of the review report they saw, if any), with its
    /// audit entry, in one transaction.
    public func approve(_ revision: RevisionInfo, doctor: String, note: String, report: ReviewedReport? = nil,
                        at date: Date = Date()) throws(LedgerError) -> (ApprovalRecord, AuditEntry) {
        let at = LedgerTime.string(date)
        return try write { db in
            try Self.recordRevision(db, revision, at: at)
            var approval = ApprovalRecord(id: nil, planHash: revision.hash, caseID: revision.caseID, doctor: doctor,
                                          note: note, at: at, reportSHA256: report?.sha256, reportFile: report?.file)
            try approval.insert(db)
            let entry = try Self.appendAudit(db, kind: "approval", payload: AuditPayload.Approval(approval), at: at)
            return (approval, entry)
        }
    }

    /// The latest approval of exactly this plan hash, if any. Throws `unauditedApproval` when that row has
    /// no matching audit entry: the gate must not trust a row the chain does not vouch for.
    public func approval(of planHash: String) throws(LedgerError) -> ApprovalRecord? {
        let file = file.path
        return try read { db in
            guard let approval = try ApprovalRecord.filter(Column("planHash") == planHash).order(Column("id").desc).fetchOne(db) else {
                return nil
            }
            guard try Self.isAudited(db, approval) else {
                throw LedgerError(file: file, reason: .unauditedApproval(id: approval.id ?? 0, planHash: planHash))
            }
            return approval
        }
    }
}

/// The review report a doctor approved with: its SHA-256 and file name.
public struct ReviewedReport: Sendable, Hashable {
    public var sha256: String
    public var file: String

    public init(sha256: String, file: String) {
        self.sha256 = sha256
        self.file = file
    }
}

/// What audit entries record: the rows' identities and the facts a manufacturer must be able to prove.
enum AuditPayload {
    struct Approval: Encodable {
        var approval: Int64?
        var planHash: String
        var caseID: String
        var doctor: String
        var note: String
        /// Absent (not null) without a report, so entries written before reports existed still verify.
        var reportSHA256: String?
        var reportFile: String?

        init(_ a: ApprovalRecord) {
            approval = a.id
            planHash = a.planHash
            caseID = a.caseID
            doctor = a.doctor
            note = a.note
            reportSHA256 = a.reportSHA256
            reportFile = a.reportFile
        }
    }

    struct Export: Encodable {
        var export: Int64?
        var planHash: String
        var caseID: String
        var vendor: String
        var path: String
        var sha256: String?
        var bytes: Int64?
        var approval: Int64?
        var unapproved: Bool
        var status: String
        var detail: String?

        init(_ e: ExportRecord) {
            export = e.id
            planHash = e.planHash
            caseID = e.caseID
            vendor = e.vendor
            path = e.path
            sha256 = e.sha256
            bytes = e.bytes
            approval = e.approvalID
            unapproved = e.unapproved
            status = e.status.rawValue
            detail = e.detail
        }
    }

    struct Intake: Encodable {
        var intake: Int64?
        var archiveSHA256: String
        var profile: String
        var vendor: String
        var caseID: String
        var planHash: String?
        var verdict: String
        var accepted: Bool

        init(_ i: IntakeRecord) {
            intake = i.id
            archiveSHA256 = i.archiveSHA256
            profile = i.profile
            vendor = i.vendor
            caseID = i.caseID
            planHash = i.planHash
            verdict = i.verdict
            accepted = i.accepted
        }
    }
}
