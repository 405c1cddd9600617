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

    /// A `.alignplan` package (folder, or a file named `*.alignplan`) read directly; anything else read by
    /// intake (probed unless `vendor` is named).
    static func planOrArchive(_ path: String, vendor: String?, password: String?) throws -> TreatmentPlan {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if !exists || isFolder.boolValue || path.hasSuffix(".alignplan") { return try plan(path) }
        do {
            return try Intake.run(URL(fileURLWithPath: path), registry: try registry(), vendor: vendor,
                                  options: IntakeOptions(password: password)).plan
        } catch {
            throw fail(error)
        }
    }

    static func registry() throws -> Registry {
        do { return try Registry.standard() } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
    }

    /// Exit 1 for a refusal (the plan is incompatible, not approved, or cannot be restaged within a cap), 2 for anything else (an unknown
    /// vendor id is bad usage; an unreadable ledger is unreadable input).
    static func fail(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        Output.error(String(describing: error))
        switch error {
        case VendorError.refused, GatewayError.vendor(.refused), GatewayError.unapproved, GatewayError.restage: return Output.problemsFound
        default: return Output.unreadable
        }
    }
}
