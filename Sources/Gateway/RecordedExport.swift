import ArchiveIO
import Foundation
import Ledger
import PlanModel
import VendorKit

/// An export the ledger has recorded: what was written, under which approval.
public struct RecordedExport: Sendable {
    /// The adapter's summary; `archive` is the final path.
    public var summary: ExportSummary
    public var record: ExportRecord
    /// The approval of this exact revision (nil when exported with `allowUnapproved`).
    public var approval: ApprovalRecord?
    public var revision: RevisionInfo
}

/// The gated export: approval by exact plan hash, then a crash-safe, recorded export.
///
/// Order of events, so a kill at any point leaves a consistent ledger and no partial archive at the target:
/// 1. a pending row (with the staging path) is committed; 2. the adapter writes the archive atomically to a
/// hidden staging file beside the target; 3. its SHA-256 is recorded (still pending); 4. the staging file is
/// moved onto the target (one rename); 5. the row is completed with its audit entry. `ExportRecovery`
/// settles the pending rows a dead process left.
public enum GatedExport {
    /// Exports `plan` to `vendor` at `out` if this exact revision is approved (or `allowUnapproved`), and records it
    /// in `ledger` (SQLite or a server store: the same rows and audit entries).
    public static func run(_ plan: TreatmentPlan, vendor: String, to out: URL, options: ExportOptions = ExportOptions(),
                           allowUnapproved: Bool = false, registry: Registry, ledger: any LedgerStore,
                           revision known: RevisionInfo? = nil) async throws(GatewayError) -> RecordedExport {
        try await ExportRecovery.reconcile(ledger)
        let adapter: any VendorAdapter
        do { adapter = try registry.adapter(vendor) } catch { throw .vendor(error) }
        let revision: RevisionInfo
        if let known { revision = known } else { revision = try Approval.revision(plan) }
        let approval: ApprovalRecord?
        do { approval = try await ledger.approval(of: revision.hash) } catch { throw .ledger(error) }
        if approval == nil && !allowUnapproved { throw .unapproved(caseID: revision.caseID, planHash: revision.hash) }

        let target = out.standardizedFileURL
        if FileManager.default.fileExists(atPath: target.path) && !options.overwrite {
            throw .vendor(.archiveWrite(ArchiveWriteError(archive: target.path, reason: .targetExists)))
        }
        let staging = ExportRecovery.stagingURL(for: target)
        let started = Date()
        var record: ExportRecord
        do {
            record = try await ledger.beginExport(
                ExportRecord(planHash: revision.hash, caseID: revision.caseID, vendor: adapter.descriptor.id,
                             options: RecordedOptions(options).json, path: target.path, staging: staging.path,
                             approvalID: approval?.id, unapproved: approval == nil, ownerHost: ExportRecovery.host,
                             ownerPID: getpid(), startedAt: LedgerTime.now(started)),
                revision: revision)
        } catch { throw .ledger(error) }
        guard let id = record.id else { throw .ledger(LedgerError(file: ledger.location, reason: .database("export row has no id"))) }

        var summary: ExportSummary
        do {
            var stagingOptions = options
            stagingOptions.overwrite = false
            summary = try adapter.export(plan, to: staging, options: stagingOptions)
            try await ledger.stageExport(id, sha256: summary.sha256, bytes: summary.bytes, findings: RecordedOptions.json(summary.report.findings))
            try ExportRecovery.moveIntoPlace(staging, target: target, overwrite: options.overwrite)
        } catch {
            ExportRecovery.removeStaging(staging)
            let failure = Self.gatewayError(error, staging: staging, target: target)
            _ = try? await ledger.finishExport(id, status: .failed, seconds: Date().timeIntervalSince(started), detail: failure.description,
                                              at: Date())
            throw failure
        }
        summary.archive = target.path
        do {
            if let (finished, _) = try await ledger.finishExport(id, status: .complete, seconds: Date().timeIntervalSince(started), detail: nil,
                                                                 at: Date()) {
                record = finished
            }
        } catch { throw .ledger(error) }
        return RecordedExport(summary: summary, record: record, approval: approval, revision: revision)
    }

    /// The error as the user should read it: about the target, not the hidden staging file.
    static func gatewayError(_ error: any Error, staging: URL, target: URL) -> GatewayError {
        switch error {
        case let error as GatewayError: return error
        case var VendorError.archiveWrite(write) where write.archive == staging.path:
            write.archive = target.path
            return .vendor(.archiveWrite(write))
        case let error as VendorError: return .vendor(error)
        case let error as LedgerError: return .ledger(error)
        default: return .io(file: "export", detail: String(describing: error))
        }
    }
}

/// The export options as recorded: everything but the password (only whether there was one).
struct RecordedOptions: Encodable {
    var strict: Bool
    var force: Bool
    var overwrite: Bool
    var encrypted: Bool

    init(_ o: ExportOptions) {
        strict = o.strict
        force = o.force
        overwrite = o.overwrite
        encrypted = o.password != nil
    }

    var json: String { Self.json(self) }

    /// Sorted-key JSON; encoding these plain values cannot fail, "null" marks the impossible case.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
