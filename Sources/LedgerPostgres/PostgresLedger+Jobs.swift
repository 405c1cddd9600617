import Foundation
import Ledger
import Logging
import PostgresNIO

/// The job queue on PostgreSQL: a claim locks the oldest claimable row with `FOR UPDATE SKIP LOCKED`, so
/// workers on many machines take different jobs without waiting on each other.
extension PostgresLedger {
    static let jobColumns = """
        id, archiveSHA256, target, vendor, bytes, status, attempts, leaseOwner, leaseExpires, intakeID, caseID, verdict, accepted,
        report, error, submittedAt, startedAt, finishedAt
        """

    static func job(_ row: PostgresRow) throws -> IntakeJobRecord {
        let r = row.makeRandomAccess()
        var job = IntakeJobRecord(id: try r[0].decode(String.self), archiveSHA256: try r[1].decode(String.self),
                                  target: try r[2].decode(String.self), vendor: try r[3].decode(String?.self),
                                  bytes: try r[4].decode(Int64.self), submittedAt: try r[15].decode(String.self))
        let status = try r[5].decode(String.self)
        guard let parsed = IntakeJobRecord.Status(rawValue: status) else {
            throw LedgerError(file: "intakeJob", reason: .database("job \(job.id) has an unknown status \(status)"))
        }
        job.status = parsed
        job.attempts = try r[6].decode(Int.self)
        job.leaseOwner = try r[7].decode(String?.self)
        job.leaseExpires = try r[8].decode(String?.self)
        job.intakeID = try r[9].decode(Int64?.self)
        job.caseID = try r[10].decode(String?.self)
        job.verdict = try r[11].decode(String?.self)
        job.accepted = try r[12].decode(Bool?.self)
        job.report = try r[13].decode(String?.self)
        job.error = try r[14].decode(String?.self)
        job.startedAt = try r[16].decode(String?.self)
        job.finishedAt = try r[17].decode(String?.self)
        return job
    }

    func jobs(_ query: PostgresQuery) async throws(LedgerError) -> [IntakeJobRecord] {
        let found = try await rows(query)
        do { return try found.map(Self.job) } catch { throw map(error) }
    }

    public func enqueueIntake(_ job: IntakeJobRecord, client: String) async throws(LedgerError) -> (job: IntakeJobRecord, isNew: Bool) {
        try await transaction { c, logger in
            let inserted = try await c.query("""
                INSERT INTO intakeJob (id, archiveSHA256, target, vendor, bytes, status, attempts, submittedAt)
                VALUES (\(job.id), \(job.archiveSHA256), \(job.target), \(job.vendor), \(job.bytes), \(job.status.rawValue), 0, \(job.submittedAt))
                ON CONFLICT (archiveSHA256, target) DO NOTHING RETURNING id
                """, logger: logger).collect()
            // A failed job is queued again (`IntakeJobRecord.retried`); the row lock makes a second, simultaneous retry see it queued.
            let retried = inserted.isEmpty ? try await c.query("""
                UPDATE intakeJob SET status = 'queued', vendor = \(job.vendor), bytes = \(job.bytes), submittedAt = \(job.submittedAt),
                    attempts = 0, leaseOwner = NULL, leaseExpires = NULL, intakeID = NULL, caseID = NULL, verdict = NULL, accepted = NULL,
                    report = NULL, error = NULL, startedAt = NULL, finishedAt = NULL
                WHERE archiveSHA256 = \(job.archiveSHA256) AND target = \(job.target) AND status = 'failed' RETURNING id
                """, logger: logger).collect() : []
            let row = try await c.query("""
                SELECT \(unescaped: Self.jobColumns) FROM intakeJob WHERE archiveSHA256 = \(job.archiveSHA256) AND target = \(job.target)
                """, logger: logger).collect().first
            guard let row else { throw LedgerError(file: location, reason: .database("job neither inserted nor found")) }
            let stored = try Self.job(row)
            try await c.query("""
                INSERT INTO intakeJobClient (jobID, client, at) VALUES (\(stored.id), \(client), \(job.submittedAt)) ON CONFLICT DO NOTHING
                """, logger: logger)
            return (stored, !inserted.isEmpty || !retried.isEmpty)
        }
    }

    public func claimIntakeJob(worker: String, lease: TimeInterval, now: Date, maxAttempts: Int) async throws(LedgerError) -> IntakeJobRecord? {
        let at = LedgerTime.now(now), until = LedgerTime.now(now.addingTimeInterval(lease))
        return try await transaction { c, logger in
            try await c.query("""
                UPDATE intakeJob SET status = 'failed', error = \(IntakeQueue.abandonedMessage(attempts: maxAttempts)), finishedAt = \(at),
                    leaseOwner = NULL, leaseExpires = NULL
                WHERE id IN (SELECT id FROM intakeJob WHERE status = 'running' AND leaseExpires < \(at) AND attempts >= \(maxAttempts)
                             FOR UPDATE SKIP LOCKED)
                """, logger: logger)
            let claimed = try await c.query("""
                UPDATE intakeJob SET status = 'running', attempts = attempts + 1, leaseOwner = \(worker), leaseExpires = \(until), startedAt = \(at)
                WHERE id = (SELECT id FROM intakeJob
                            WHERE status = 'queued' OR (status = 'running' AND leaseExpires < \(at) AND attempts < \(maxAttempts))
                            ORDER BY submittedAt, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: Self.jobColumns)
                """, logger: logger).collect()
            return try claimed.first.map(Self.job)
        }
    }

    public func renewLease(job id: String, worker: String, lease: TimeInterval, now: Date) async throws(LedgerError) -> Bool {
        let until = LedgerTime.now(now.addingTimeInterval(lease))
        return try await !rows("""
            UPDATE intakeJob SET leaseExpires = \(until) WHERE id = \(id) AND leaseOwner = \(worker) AND status = 'running' RETURNING id
            """).isEmpty
    }

    public func finishIntakeJob(_ id: String, worker: String, outcome: IntakeJobOutcome, now: Date) async throws(LedgerError) -> Bool {
        let at = LedgerTime.now(now)
        let query: PostgresQuery
        switch outcome {
        case let .done(intakeID, caseID, verdict, accepted, report):
            query = """
                UPDATE intakeJob SET status = 'done', intakeID = \(intakeID), caseID = \(caseID), verdict = \(verdict), accepted = \(accepted),
                    report = \(report), leaseOwner = NULL, leaseExpires = NULL, finishedAt = \(at)
                WHERE id = \(id) AND status = 'running' AND leaseOwner = \(worker) RETURNING id
                """
        case let .failed(error):
            query = """
                UPDATE intakeJob SET status = 'failed', error = \(error), leaseOwner = NULL, leaseExpires = NULL, finishedAt = \(at)
                WHERE id = \(id) AND status = 'running' AND leaseOwner = \(worker) RETURNING id
                """
        }
        return try await !rows(query).isEmpty
    }

    public func intakeJob(_ id: String, client: String) async throws(LedgerError) -> IntakeJobRecord? {
        try await jobs("""
            SELECT \(unescaped: Self.qualifiedJobColumns) FROM intakeJob JOIN intakeJobClient ON intakeJobClient.jobID = intakeJob.id
            WHERE intakeJob.id = \(id) AND intakeJobClient.client = \(client)
            """).first
    }

    public func intakeJobs(client: String, caseID: String?, limit: Int) async throws(LedgerError) -> [IntakeJobRecord] {
        try await jobs("""
            SELECT \(unescaped: Self.qualifiedJobColumns) FROM intakeJob JOIN intakeJobClient ON intakeJobClient.jobID = intakeJob.id
            WHERE intakeJobClient.client = \(client) AND (\(caseID)::TEXT IS NULL OR intakeJob.caseID = \(caseID))
            ORDER BY intakeJob.submittedAt, intakeJob.id LIMIT \(limit)
            """)
    }

    public func allIntakeJobs() async throws(LedgerError) -> [IntakeJobRecord] {
        try await jobs("SELECT \(unescaped: Self.jobColumns) FROM intakeJob ORDER BY submittedAt, id")
    }

    public func queueDepth() async throws(LedgerError) -> QueueDepth {
        let found = try await rows("SELECT status, count(*) FROM intakeJob GROUP BY status")
        var depth = QueueDepth()
        do {
            for row in found {
                let (status, n) = try row.decode((String, Int64).self)
                if let status = IntakeJobRecord.Status(rawValue: status) { depth[status] = Int(n) }
            }
        } catch { throw map(error) }
        return depth
    }

    static var qualifiedJobColumns: String {
        jobColumns.split(separator: ",").map { "intakeJob." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
    }
}
