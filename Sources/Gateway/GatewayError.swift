import Foundation
import Ledger
import PlanModel
import PlanPackage
import VendorKit

/// Why a recorded use case (approve, export, intake, convert) stopped. Every case names what to fix.
public enum GatewayError: Error, Sendable, CustomStringConvertible {
    /// The adapter refused or failed.
    case vendor(VendorError)
    /// The ledger could not be opened or written.
    case ledger(LedgerError)
    /// The plan could not be encoded (e.g. NaN values), so it has no revision hash.
    case plan(PlanPackageError)
    /// No approval of this exact plan revision; approve it or export with `--allow-unapproved`.
    case unapproved(caseID: String, planHash: String)
    /// A file could not be read, written or moved.
    case io(file: String, detail: String)
    /// An approval needs the doctor's name.
    case missingDoctor
    /// The review report given at approval was made from another plan revision.
    case reportRevision(file: String, madeFrom: String, plan: String)
    /// The file given as a review report carries no aligngate revision stamp.
    case notAReport(file: String)
    /// A program the use case needs (e.g. Chromium to print a PDF) is not installed.
    case missingProgram(name: String, purpose: String)
    /// The plan cannot be restaged for `target` (`capSource` names the stage cap that was exceeded).
    case restage(target: String, RestageError, capSource: String?)

    public var description: String {
        switch self {
        case let .vendor(error): return error.description
        case let .ledger(error): return error.description
        case let .plan(error): return error.description
        case let .unapproved(caseID, planHash):
            return "case \(caseID): plan revision \(planHash.prefix(12))… has no approval; "
                + "the treating doctor approves it with `aligngate approve PLAN --doctor NAME`, or export with --allow-unapproved (recorded as such)"
        case let .io(file, detail): return "\(file): \(detail)"
        case .missingDoctor: return "an approval needs the doctor's name (--doctor)"
        case let .reportRevision(file, madeFrom, plan):
            return "\(file): this report was made from plan revision \(madeFrom.prefix(12))…, not from the revision being approved "
                + "(\(plan.prefix(12))…); the doctor must review a report of this revision (`aligngate report PLAN --out FILE`) and approve with that"
        case let .notAReport(file):
            return "\(file): not an aligngate review report (no <meta name=\"aligngate-plan-revision\"> stamp); make one with `aligngate report PLAN --out FILE`"
        case let .missingProgram(name, purpose):
            return "\(name) is not installed (not found on PATH); it is needed to \(purpose) — install it (Debian: apt-get install chromium) or leave out that option"
        case let .restage(target, error, capSource):
            return "restage for \(target): \(error)\(capSource.map { " (\($0))" } ?? "")"
        }
    }
}
