import Foundation
import GRDB

/// The intake service's job queue on SQLite: every change an immediate transaction, so two workers (in one
/// process or several) never claim the same job.
extension Ledger {
    /// Queues the archive for `target` unless a job for the same (archive, target) exists — then that job,
    /// `isNew` false — or a failed one exists: that job is queued again as `job` asks (`IntakeJobRecord.retried`),
    /// `isNew` true, since a failure records no verdict and the CLI would simply run again. Either way `client`
    /// may see it from now on.
    public func enqueueIntake(_ job: IntakeJobRecord, client: String) throws(LedgerError) -> (job: IntakeJobRecord, isNew: Bool) {
        try write { db in
            let existing = try IntakeJobRecord
                .filter(Column("archiveSHA256") == job.archiveSHA256 && Column("target") == job.target).fetchOne(db)
            var stored = existing ?? job
            if existing == nil {
                try job.insert(db)
            } else if stored.status == .failed {
                stored = stored.retried(as: job)
                try stored.update(db)
            }
            try db.execute(sql: "INSERT INTO intakeJobClient (jobID, client, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [stored.id, client, job.submittedAt])
            return (stored, existing == nil || existing?.status == .failed)
        }
    }

    /// Claims the oldest queued job, or a running one whose lease expired (its worker died), for `worker`
    /// until `now + lease`. A job already claimed `maxAttempts` times is failed instead of claimed again, so
    /// an archive that kills its worker cannot take the queue down with it.
    public func claimIntakeJob(worker: String, lease: TimeInterval, now: Date = Date(),
                               maxAttempts: Int = IntakeQueue.maxAttempts) throws(LedgerError) -> IntakeJobRecord? {
        let at = LedgerTime.now(now), until = LedgerTime.now(now.addingTimeInterval(lease))
        return try write { db -> IntakeJobRecord?? in
            while var job = try IntakeJobRecord
                .filter(Column("status") == IntakeJobRecord.Status.queued.rawValue
                        || (Column("status") == IntakeJobRecord.Status.running.rawValue && Column("leaseExpires") < at))
                .order(Column("submittedAt"), Column("id")).fetchOne(db) {
                if job.attempts >= maxAttempts {
                    job.status = .failed
                    job.error = IntakeQueue.abandonedMessage(attempts: job.attempts)
                    job.finishedAt = at
                    job.leaseOwner = nil
                    job.leaseExpires = nil
                    try job.update(db)
                    continue
                }
                job.status = .running
                job.attempts += 1
                job.leaseOwner = worker
                job.leaseExpires = until
                job.startedAt = at
                try job.update(db)
                return .some(job)
            }
            return .some(nil)
        } ?? nil
    }

    /// Extends `worker`'s lease on a running job; false when the worker no longer holds it (it expired and
    /// another worker claimed the job, or the job finished).
    public func renewLease(job id: String, worker: String, lease: TimeInterval, now: Date = Date()) throws(LedgerError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE intakeJob SET leaseExpires = ? WHERE id = ? AND leaseOwner = ? AND status = 'running'",
                           arguments: [LedgerTime.now(now.addingTimeInterval(lease)), id, worker])
            return db.changesCount == 1
        }
    }

    /// Finishes a running job `worker` holds; false (and no change) when it lost the lease meanwhile — the
    /// other worker's outcome stands (the intake record itself is unique, so it was recorded once either way).
    public func finishIntakeJob(_ id: String, worker: String, outcome: IntakeJobOutcome, now: Date = Date()) throws(LedgerError) -> Bool {
        try write { db in
            guard var job = try IntakeJobRecord.fetchOne(db, key: id), job.status == .running, job.leaseOwner == worker else {
                return false
            }
            switch outcome {
            case let .done(intakeID, caseID, verdict, accepted, report):
                job.status = .done
                job.intakeID = intakeID
                job.caseID = caseID
                job.verdict = verdict
                job.accepted = accepted
                job.report = report
            case let .failed(error):
                job.status = .failed
                job.error = error
            }
            job.leaseOwner = nil
            job.leaseExpires = nil
            job.finishedAt = LedgerTime.now(now)
            try job.update(db)
            return true
        }
    }

    /// The job, if `client` submitted it (another client's job is as unknown as a missing one).
    public func intakeJob(_ id: String, client: String) throws(LedgerError) -> IntakeJobRecord? {
        try read { db in
            try IntakeJobRecord.fetchOne(db, sql: """
                SELECT intakeJob.* FROM intakeJob JOIN intakeJobClient ON intakeJobClient.jobID = intakeJob.id
                WHERE intakeJob.id = ? AND intakeJobClient.client = ?
                """, arguments: [id, client])
        }
    }

    /// `client`'s jobs, oldest first; only those whose intake read case `caseID` when it is given.
    public func intakeJobs(client: String, caseID: String?, limit: Int = 1000) throws(LedgerError) -> [IntakeJobRecord] {
        try read { db in
            var sql = """
                SELECT intakeJob.* FROM intakeJob JOIN intakeJobClient ON intakeJobClient.jobID = intakeJob.id
                WHERE intakeJobClient.client = ?
                """
            var arguments: StatementArguments = [client]
            if let caseID {
                sql += " AND intakeJob.caseID = ?"
                arguments += [caseID]
            }
            sql += " ORDER BY intakeJob.submittedAt, intakeJob.id LIMIT ?"
            arguments += [limit]
            return try IntakeJobRecord.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// Every job of the queue, for tests and operators (not per client).
    public func allIntakeJobs() throws(LedgerError) -> [IntakeJobRecord] {
        try read { db in try IntakeJobRecord.order(Column("submittedAt"), Column("id")).fetchAll(db) }
    }

    /// How many jobs are in each state.
    public func queueDepth() throws(LedgerError) -> QueueDepth {
        try read { db in
            var depth = QueueDepth()
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM intakeJob GROUP BY status") {
                if let status = IntakeJobRecord.Status(rawValue: row["status"]) { depth[status] = row["n"] }
            }
            return depth
        }
    }

    /// The intake record `id`.
    public func intake(id: Int64) throws(LedgerError) -> IntakeRecord? {
        try read { db in try IntakeRecord.fetchOne(db, key: id) }
    }
}

/// The queue's rules, shared by every store.
public enum IntakeQueue {
    /// Claims per job before it is failed as abandoned.
    public static let maxAttempts = 3

    /// A new job id: 128 random bits as hex.
    public static func newJobID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    public static func abandonedMessage(attempts: Int) -> String {
        "abandoned: \(attempts) workers took this job and none finished it (each died or lost its lease); "
            + "the archive may crash the reader — submit it to `aligngate intake` on a workstation to see why"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
