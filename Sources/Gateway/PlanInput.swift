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

    /// The plan at `url`: a package read directly, an archive read by intake (probed unless `vendor` is named).
    public static func read(_ url: URL, registry: Registry, vendor: String? = nil, password: String? = nil) throws(GatewayError) -> TreatmentPlan {
        switch kind(of: url) {
        case .package:
            do { return try PlanPackage.read(url) } catch { throw .plan(error) }
        case .archive:
            do { return try Intake.run(url, registry: registry, vendor: vendor, options: IntakeOptions(password: password)).plan } catch {
                throw .vendor(error)
            }
        }
    }
}
