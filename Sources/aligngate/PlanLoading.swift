import ArgumentParser
import Foundation
import Gateway
import PlanModel
import PlanPackage
import VendorKit

/// Shared edges of the commands: reading a plan and the registry, turning typed errors into exit codes.
enum PlanLoading {
    static func plan(_ path: String) throws -> TreatmentPlan {
        do { return try PlanPackage.read(URL(fileURLWithPath: path)) } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
    }

    /// A `.alignplan` package or a vendor archive, as the gateway tells them apart (`PlanInput`).
    static func planOrArchive(_ path: String, vendor: String?, password: String?) throws -> TreatmentPlan {
        do {
            return try PlanInput.read(URL(fileURLWithPath: path), registry: try registry(), vendor: vendor, password: password)
        } catch {
            throw exitCode(for: error)
        }
    }

    static func registry() throws -> Registry {
        do { return try Registry.standard() } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
    }

    /// The error → exit-code policy, after printing the error: 1 for a refusal (the plan is incompatible,
    /// not approved, or cannot be restaged within a cap), 2 for anything else (an unknown vendor id is bad usage; an unreadable ledger is
    /// unreadable input).
    static func exitCode(for error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        Output.error(String(describing: error))
        switch error {
        case VendorError.refused, GatewayError.vendor(.refused), GatewayError.unapproved, GatewayError.reportRevision, GatewayError.restage: return Output.problemsFound
        default: return Output.unreadable
        }
    }
}

/// `--vendor` and `--password` for commands whose PLAN may be a vendor archive (approve, report).
struct PlanSourceOptions: ParsableArguments {
    @Option(help: "The archive's vendor id when PLAN is a vendor archive; default: probe.")
    var vendor: String?

    @Option(help: "Password, when PLAN is an encrypted archive.")
    var password: String?
}
