import Foundation
import Gateway
import Ledger
import Logging
import ServiceLifecycle
import VendorKit

/// Workers that take intake jobs from the ledger's queue and run the intake use case on them: claim under
/// a lease, renew it while reading, record the intake and the job's outcome. A worker that dies leaves its
/// job to be claimed again once the lease expires; on graceful shutdown each worker finishes its job first.
public struct IntakeWorkers: Service {
    public struct Settings: Sendable {
        /// Workers in this process.
        public var count: Int
        /// How long a claim holds before another worker may take the job; renewed every third of it.
        public var lease: TimeInterval
        /// How long an idle worker waits before looking at the queue again.
        public var poll: Duration

        public init(count: Int = 1, lease: TimeInterval = 60, poll: Duration = .milliseconds(250)) {
            self.count = count
            self.lease = lease
            self.poll = poll
        }
    }

    let ledger: any LedgerStore
    let archives: ArchiveStore
    let registry: Registry
    let settings: Settings
    let metrics: ServiceMetrics
    let logger: Logger
    /// This process's name in lease owners: host and pid.
    let process: String

    public init(ledger: any LedgerStore, archives: ArchiveStore, registry: Registry, settings: Settings,
                metrics: ServiceMetrics = ServiceMetrics(), logger: Logger) {
        self.ledger = ledger
        self.archives = archives
        self.registry = registry
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        process = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for index in 0..<settings.count {
                group.addTask { await loop(worker: "\(process)/\(index)") }
            }
        }
    }

    /// Claims and works until shutdown; a ledger that cannot be reached is retried, not fatal.
    func loop(worker: String) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let job: IntakeJobRecord?
            do {
                job = try await ledger.claimIntakeJob(worker: worker, lease: settings.lease, now: Date(), maxAttempts: IntakeQueue.maxAttempts)
            } catch {
                logger.error("cannot claim a job", metadata: ["worker": "\(worker)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(2))
                continue
            }
            guard let job else {
                try? await Task.sleep(for: settings.poll)
                continue
            }
            await work(job, worker: worker)
        }
    }

    /// One claimed job: the intake under a renewed lease, then its outcome. A ledger failure while finishing
    /// leaves the job running; its lease expires and another worker takes it (the intake record is unique).
    func work(_ job: IntakeJobRecord, worker: String) async {
        logger.info("intake started", metadata: ["job": "\(job.id)", "worker": "\(worker)", "attempt": "\(job.attempts)"])
        let renewal = Task { await renew(job.id, worker: worker) }
        defer { renewal.cancel() }
        let outcome: IntakeJobOutcome
        do { outcome = try await IntakeJobRunner(ledger: ledger, archives: archives, registry: registry).run(job) } catch {
            logger.error("intake interrupted; the job will be claimed again", metadata: ["job": "\(job.id)", "error": "\(error)"])
            return
        }
        do {
            guard try await ledger.finishIntakeJob(job.id, worker: worker, outcome: outcome, now: Date()) else {
                logger.warning("lost the lease before finishing; another worker's outcome stands", metadata: ["job": "\(job.id)"])
                return
            }
        } catch {
            logger.error("cannot record the job's outcome; it will be claimed again", metadata: ["job": "\(job.id)", "error": "\(error)"])
            return
        }
        let status: IntakeJobRecord.Status
        if case .failed = outcome { status = .failed } else { status = .done }
        metrics.intakeFinished(seconds: LedgerTime.seconds(since: job.submittedAt), status: status)
        logger.info("intake finished", metadata: ["job": "\(job.id)", "status": "\(status.rawValue)"])
    }

    /// Renews the lease every third of its length until cancelled or lost.
    func renew(_ id: String, worker: String) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(settings.lease / 3))
            if Task.isCancelled { return }
            do {
                if try await !ledger.renewLease(job: id, worker: worker, lease: settings.lease, now: Date()) { return }
            } catch {
                logger.warning("cannot renew the lease", metadata: ["job": "\(id)", "error": "\(error)"])
            }
        }
    }
}

/// The intake use case on one job: the recorded intake if the ledger has it (from the CLI or an earlier
/// job), else a read of the stored archive, recorded once. Refusals of the archive are the job's outcome
/// (`failed`); a ledger that fails is thrown, so the job is tried again.
struct IntakeJobRunner: Sendable {
    let ledger: any LedgerStore
    let archives: ArchiveStore
    let registry: Registry

    func run(_ job: IntakeJobRecord) async throws(LedgerError) -> IntakeJobOutcome {
        if let existing = try await ledger.intake(archiveSHA256: job.archiveSHA256, profile: job.target) {
            return Self.done(existing, report: RecordedIntakeReport(existing.withoutServerDetails))
        }
        let url = archives.url(sha256: job.archiveSHA256)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return .failed("archive \(job.archiveSHA256) is not in this worker's store; every worker must mount the server's --store")
        }
        let strict = job.target.hasSuffix(Self.strictSuffix)
        let target = strict ? String(job.target.dropLast(Self.strictSuffix.count)) : job.target
        let registry = registry, vendor = job.vendor
        let outcome: IntakeOutcome
        do {
            outcome = try await Offload.run {
                try Intake.run(url, registry: registry, vendor: vendor, target: target.isEmpty ? nil : target, strict: strict)
            }
        } catch {
            // The client sees this: the reader names the archive by its store path, a server detail.
            return .failed(String(describing: error).replacingOccurrences(of: url.path, with: "archive \(job.archiveSHA256)"))
        }
        do {
            switch try await RecordedIntake.record(outcome, archive: url, digest: job.archiveSHA256, profile: job.target, ledger: ledger) {
            case let .recorded(outcome, stored): return Self.done(stored, report: IntakeReport(outcome, record: stored))
            case let .alreadyRecorded(stored): return Self.done(stored, report: RecordedIntakeReport(stored.withoutServerDetails))
            }
        } catch {
            // Recording fails only in the ledger: thrown, so the job is tried again.
            guard case let .ledger(failure) = error else { return .failed(error.description) }
            throw failure
        }
    }

    static let strictSuffix = "+strict"

    static func done<R: Encodable>(_ record: IntakeRecord, report: R) -> IntakeJobOutcome {
        guard let text = try? StableJSON.string(report) else {
            return .failed("intake #\(record.id ?? 0) was recorded, but its report cannot be written as JSON (a value that is not a number)")
        }
        return .done(intakeID: record.id ?? 0, caseID: record.caseID, verdict: record.verdict, accepted: record.accepted, report: text)
    }
}
