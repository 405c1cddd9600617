import GRDB

/// One archive submitted to the intake service for one target: queued → running (a worker holds its lease)
/// → done (the intake is recorded) or failed (the archive could not be taken in). Unique per (archive
/// SHA-256, target), like the intake record it leads to.
public struct IntakeJobRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "intakeJob"

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
        case queued, running, done, failed
    }

    /// A random id (32 hex digits), so ids reveal neither order nor count.
    public var id: String
    public var archiveSHA256: String
    /// The profile checked against: the target's id (as `RecordedIntake.profile`), empty for none.
    public var target: String
    /// The vendor id the client named; nil to probe.
    public var vendor: String?
    /// The archive's size in bytes.
    public var bytes: Int64
    public var status: Status
    /// How often a worker claimed it (more than one: a worker died or lost its lease).
    public var attempts: Int
    /// The worker holding a running job, and until when (ledger time).
    public var leaseOwner: String?
    public var leaseExpires: String?
    /// The intake record, once done.
    public var intakeID: Int64?
    public var caseID: String?
    public var verdict: String?
    public var accepted: Bool?
    /// What `aligngate intake --json` prints for this archive and target, once done.
    public var report: String?
    /// Why it failed.
    public var error: String?
    public var submittedAt: String
    public var startedAt: String?
    public var finishedAt: String?

    public init(id: String, archiveSHA256: String, target: String, vendor: String?, bytes: Int64, submittedAt: String) {
        self.id = id
        self.archiveSHA256 = archiveSHA256
        self.target = target
        self.vendor = vendor
        self.bytes = bytes
        self.status = .queued
        self.attempts = 0
        self.submittedAt = submittedAt
    }

    /// This failed job queued again as `request` asks (its vendor, size and time; the id stays, so earlier
    /// links to it still work): no attempts, no lease, no error.
    public func retried(as request: IntakeJobRecord) -> IntakeJobRecord {
        var job = IntakeJobRecord(id: id, archiveSHA256: archiveSHA256, target: target, vendor: request.vendor, bytes: request.bytes,
                                  submittedAt: request.submittedAt)
        job.status = .queued
        return job
    }
}

/// How a finished job ended: its intake and report, or why it could not be taken in.
public enum IntakeJobOutcome: Sendable, Hashable {
    case done(intakeID: Int64, caseID: String, verdict: String, accepted: Bool, report: String)
    case failed(String)
}

/// Jobs per status, for the service's metrics.
public struct QueueDepth: Sendable, Hashable, Codable {
    public var queued = 0
    public var running = 0
    public var done = 0
    public var failed = 0

    public init() {}

    public subscript(status: IntakeJobRecord.Status) -> Int {
        get {
            switch status {
            case .queued: return queued
            case .running: return running
            case .done: return done
            case .failed: return failed
            }
        }
        set {
            switch status {
            case .queued: queued = newValue
            case .running: running = newValue
            case .done: done = newValue
            case .failed: failed = newValue
            }
        }
    }
}

/// An API client's key as the ledger keeps it: the key's SHA-256, never the key.
public struct APIKeyRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "apiKey"
    /// The key's public part (`agk_<id>_…`), to name it in `keys revoke` and listings.
    public var id: String
    public var client: String
    public var sha256: String
    public var createdAt: String
    public var revokedAt: String?

    public init(id: String, client: String, sha256: String, createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.client = client
        self.sha256 = sha256
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
