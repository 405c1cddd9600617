import GRDB

/// A plan revision: one exact plan content, by its canonical hash (PlanPackage's `PlanRevision.hash`).
public struct PlanRevisionRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "planRevision"
    public var hash: String
    public var caseID: String
    /// When the ledger first saw it.
    public var firstSeen: String
    /// A one-line description (aligners per arch, attachments, IPR) for history listings.
    public var summary: String

    public init(hash: String, caseID: String, firstSeen: String, summary: String) {
        self.hash = hash
        self.caseID = caseID
        self.firstSeen = firstSeen
        self.summary = summary
    }
}

/// A doctor's approval of exactly one plan revision.
public struct ApprovalRecord: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "approval"
    public var id: Int64?
    public var planHash: String
    public var caseID: String
    public var doctor: String
    public var note: String
    public var at: String
    /// SHA-256 of the review report the doctor approved with (`approve --report`), if any.
    public var reportSHA256: String?
    /// That report's file name as given.
    public var reportFile: String?

    public init(id: Int64?, planHash: String, caseID: String, doctor: String, note: String, at: String,
                reportSHA256: String?, reportFile: String?) {
        self.id = id
        self.planHash = planHash
        self.caseID = caseID
        self.doctor = doctor
        self.note = note
        self.at = at
        self.reportSHA256 = reportSHA256
        self.reportFile = reportFile
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One export, from the moment it starts (pending) to its outcome.
public struct ExportRecord: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "export"

    /// pending → complete, or failed (the adapter refused or threw), or abandoned (the process died).
    public enum Status: String, Sendable, Hashable, Codable, DatabaseValueConvertible {
        case pending, complete, failed, abandoned
    }

    public var id: Int64?
    public var planHash: String
    public var caseID: String
    public var vendor: String
    /// The export options as JSON (never the password).
    public var options: String
    /// The archive's final path.
    public var path: String
    /// The hidden file the archive is written to before it is moved to `path`.
    public var staging: String
    public var approvalID: Int64?
    /// Exported with `--allow-unapproved`.
    public var unapproved: Bool
    public var status: Status
    public var sha256: String?
    public var bytes: Int64?
    /// The check's findings as JSON.
    public var findings: String?
    public var seconds: Double?
    /// The process that owns a pending export (a dead owner's rows are reconciled).
    public var ownerHost: String
    public var ownerPID: Int32
    public var startedAt: String
    public var finishedAt: String?
    /// Why it failed or how it was reconciled.
    public var detail: String?

    public init(planHash: String, caseID: String, vendor: String, options: String, path: String, staging: String,
                approvalID: Int64?, unapproved: Bool, ownerHost: String, ownerPID: Int32, startedAt: String) {
        self.planHash = planHash
        self.caseID = caseID
        self.vendor = vendor
        self.options = options
        self.path = path
        self.staging = staging
        self.approvalID = approvalID
        self.unapproved = unapproved
        self.status = .pending
        self.ownerHost = ownerHost
        self.ownerPID = ownerPID
        self.startedAt = startedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One intake of an archive, checked against a target profile; unique per (archive SHA-256, profile).
public struct IntakeRecord: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "intake"
    public var id: Int64?
    public var archiveSHA256: String
    /// The target system's id (with `+strict` when warnings counted as errors); empty when none.
    public var profile: String
    /// The archive's path as given.
    public var archive: String
    /// The adapter that read it.
    public var vendor: String
    public var caseID: String
    /// The revision hash of the plan read.
    public var planHash: String?
    /// The target's verdict, or the read's when no target was named.
    public var verdict: String
    public var accepted: Bool
    /// Read findings, structural problems and target findings, as JSON.
    public var findings: String
    public var at: String

    public init(archiveSHA256: String, profile: String, archive: String, vendor: String, caseID: String,
                planHash: String?, verdict: String, accepted: Bool, findings: String, at: String) {
        self.archiveSHA256 = archiveSHA256
        self.profile = profile
        self.archive = archive
        self.vendor = vendor
        self.caseID = caseID
        self.planHash = planHash
        self.verdict = verdict
        self.accepted = accepted
        self.findings = findings
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
