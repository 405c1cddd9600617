import Digest
import Foundation
import PlanModel

/// A plan revision's identity: the canonical content hash the ledger binds approvals and exports to.
///
/// It is the SHA-256 of the plan's canonical `plan.json` (the deterministic PlanEncoder output: sorted
/// keys, fixed number formatting, every mesh named by its content hash). So it covers every pose,
/// attachment, IPR event, frame, metadata field and mesh vertex, and it does not depend on the package's
/// physical form (folder or zip) or on file times.
public enum PlanRevision {
    /// Lower-case hex SHA-256 identifying this exact plan; equal plans give equal hashes.
    public static func hash(_ plan: TreatmentPlan) throws(PlanPackageError) -> String {
        do {
            return SHA256.hex(try PlanEncoder.document(for: plan).json)
        } catch {
            throw PlanPackageError(file: PlanFormat.documentPath,
                                   reason: .invalidValue(field: "plan", detail: "cannot be encoded: \(error)"))
        }
    }
}
