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

    static func registry() throws -> Registry {
        do { return try Registry.standard() } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
    }

    /// Exit 1 for a refusal (the plan is incompatible), 2 for anything else (an unknown vendor id is bad usage).
    static func fail(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        Output.error(String(describing: error))
        switch error as? VendorError {
        case .refused?: return Output.problemsFound
        default: return Output.unreadable
        }
    }
}
