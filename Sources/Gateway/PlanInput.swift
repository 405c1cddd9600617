import Foundation
import PlanModel
import PlanPackage
import VendorKit

/// Where a command's plan comes from: a `.alignplan` package, read directly, or any vendor archive, read
/// by intake (probed unless a vendor is named). The choice is the gateway's, so every front end makes it alike.
public enum PlanInput {
    /// How a path is read.
    public enum Kind: Sendable, Equatable {
        /// A `.alignplan` package: a folder, a file named `*.alignplan`, or a path that does not exist
        /// (reading it then says so, naming the package).
        case package
        /// Anything else: an archive of some vendor's format.
        case archive
    }

    public static func kind(of url: URL) -> Kind {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        return !exists || isFolder.boolValue || url.pathExtension == PlanFormat.fileExtension ? .package : .archive
    }

    /// The plan an archive holds, read by intake.
    public static func intake(_ url: URL, registry: Registry, vendor: String?, options: IntakeOptions) throws(VendorError) -> TreatmentPlan {
        try Intake.run(url, registry: registry, vendor: vendor, options: options).plan
    }
}
