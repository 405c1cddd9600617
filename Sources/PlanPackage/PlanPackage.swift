import Foundation
import PlanModel

/// Reads and writes a plan as a `.alignplan` package — plan.json plus binary PLY meshes — either as a
/// folder or as one zip file holding the same entries (docs/PLAN-FORMAT.md).
public enum PlanPackage {
    /// The two physical forms of a package.
    public enum Form: String, Sendable, CaseIterable {
        case folder, zip
    }

    /// Reads the package at `url`: a folder, or a zip file of the same entries.
    public static func read(_ url: URL) throws(PlanPackageError) -> TreatmentPlan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PlanPackageError(file: url.path, reason: .missingFile)
        }
        guard isDirectory.boolValue else { return try PlanZip.read(url) }
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent(PlanFormat.documentPath).path) else {
            throw PlanPackageError(file: url.path, reason: .notAPackage)
        }
        return try PlanDecoder.plan { path, limit throws(PlanPackageError) in
            try readFile(url, path, limit: limit)
        }
    }

    /// Writes `plan` at `url` in `form`. The package is built beside the target and moved into place only
    /// when complete, so a failed write never leaves a partial package; an existing target is replaced only
    /// with `overwrite`.
    public static func write(_ plan: TreatmentPlan, to url: URL, form: Form = .folder,
                             overwrite: Bool = false) throws(PlanPackageError) {
        let entries = try encode(plan)
        switch form {
        case .folder: try write(entries, to: url, overwrite: overwrite)
        case .zip: try PlanZip.write(entries, to: url, overwrite: overwrite)
        }
    }

    /// The package's entries, or a typed error when the plan cannot be encoded (e.g. NaN values).
    static func encode(_ plan: TreatmentPlan) throws(PlanPackageError) -> [PackageEntry] {
        do { return try PlanEncoder.entries(for: plan) } catch {
            throw PlanPackageError(file: PlanFormat.documentPath,
                                   reason: .invalidValue(field: "plan", detail: "cannot be encoded: \(error)"))
        }
    }

    /// Writes prepared entries as a folder, atomically (see `write(_:to:form:overwrite:)`).
    public static func write(_ entries: [PackageEntry], to url: URL, overwrite: Bool) throws(PlanPackageError) {
        let fm = FileManager.default
        let target = url.standardizedFileURL
        if fm.fileExists(atPath: target.path) && !overwrite {
            throw PlanPackageError(file: target.path, reason: .destinationExists)
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for entry in entries {
                guard PackagePath.isSafe(entry.path) else {
                    throw PlanPackageError(file: entry.path, reason: .unsafePath)
                }
                let file = staging.appendingPathComponent(entry.path)
                try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try entry.data.write(to: file)
            }
            if fm.fileExists(atPath: target.path) {
                // Move the old package aside, the new one in, then drop the old one; restore it if the swap fails.
                let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(UUID().uuidString)")
                try fm.moveItem(at: target, to: previous)
                do { try fm.moveItem(at: staging, to: target) } catch {
                    try? fm.moveItem(at: previous, to: target)
                    throw error
                }
                try? fm.removeItem(at: previous)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            try? fm.removeItem(at: staging)
            if let e = error as? PlanPackageError { throw e }
            throw PlanPackageError(file: target.path, reason: .ioFailure(error.localizedDescription))
        }
    }

    static func readFile(_ root: URL, _ path: String, limit: Int) throws(PlanPackageError) -> Data {
        guard PackagePath.isSafe(path) else { throw PlanPackageError(file: path, reason: .unsafePath) }
        let url = root.appendingPathComponent(path)
        let fm = FileManager.default
        // A symlink (of the file or a folder on its way) could point anywhere: stay inside the package.
        let inside = root.resolvingSymlinksInPath().path + "/"
        guard url.resolvingSymlinksInPath().path.hasPrefix(inside) else {
            throw PlanPackageError(file: path, reason: .unsafePath)
        }
        guard let attributes = try? fm.attributesOfItem(atPath: url.path) else {
            throw PlanPackageError(file: path, reason: .missingFile)
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else { throw PlanPackageError(file: path, reason: .tooLarge(bytes: size, limit: limit)) }
        do { return try Data(contentsOf: url) } catch {
            throw PlanPackageError(file: path, reason: .ioFailure(error.localizedDescription))
        }
    }
}
