import Foundation
import Ledger
import VendorKit

/// Convert = a recorded intake, then a gated, recorded export of the plan read.
///
/// The export follows the same rule as any export: the plan read from the archive (by its revision hash)
/// must be approved — `aligngate approve ARCHIVE` approves what the archive holds — or the caller allows
/// an unapproved export, which the ledger records as such.
public enum RecordedConvert {
    /// Reads `url` (probed unless `vendor` is named), records the intake, and exports the plan to `target` at `out`.
    public static func run(_ url: URL, to target: String, out: URL, registry: Registry, from vendor: String? = nil,
                           intakeOptions: IntakeOptions = IntakeOptions(), exportOptions: ExportOptions = ExportOptions(),
                           allowUnapproved: Bool = false, ledger: any LedgerStore) async throws(GatewayError) -> (IntakeOutcome, RecordedExport) {
        // The plan is needed whatever the ledger knows, so the archive is always read; the intake is
        // recorded once (a repeat returns the earlier record and adds no audit entry).
        let identity = try ArchiveIdentity(url)
        let digest = try ArchiveDigest.sha256(url)
        let outcome: IntakeOutcome
        do { outcome = try Intake.run(url, registry: registry, vendor: vendor, options: intakeOptions) } catch { throw .vendor(error) }
        try identity.ensureUnchanged()
        _ = try await RecordedIntake.record(outcome, archive: url, digest: digest, profile: "", ledger: ledger)
        guard outcome.problems.isEmpty else {
            throw .vendor(.malformed(vendor: outcome.vendor, file: url.lastPathComponent,
                                     detail: "the plan read has \(outcome.problems.count) structural problem(s): \(outcome.problems.prefix(3).map(\.description).joined(separator: "; "))"))
        }
        let export = try await GatedExport.run(outcome.plan, vendor: target, to: out, options: exportOptions,
                                         allowUnapproved: allowUnapproved, registry: registry, ledger: ledger)
        return (outcome, export)
    }
}
