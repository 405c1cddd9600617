import ArchiveIO
import Foundation
import PlanModel

/// The zip form of a package: the folder's entries in one file, written and read through ArchiveIO
/// (deterministic, atomic, under ArchiveIO's limits).
enum PlanZip {
    /// Deflate level of every entry: PLY floats compress modestly; higher levels cost time for little gain.
    static let deflateLevel = 6

    static func write(_ entries: [PackageEntry], to url: URL, overwrite: Bool) throws(PlanPackageError) {
        let target = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
            // A folder package at the target would need deleting a tree; refuse rather than guess.
            throw PlanPackageError(file: target.path, reason: .destinationExists)
        }
        do {
            let writer = try ArchiveWriter(creating: target, options: ArchiveWriteOptions(format: .zip), overwrite: overwrite)
            for entry in entries {
                try writer.add(entry.path, data: entry.data, compression: .deflate(level: deflateLevel))
            }
            _ = try writer.finish()
        } catch let error as ArchiveWriteError {
            if case .targetExists = error.reason {
                throw PlanPackageError(file: target.path, reason: .destinationExists)
            }
            throw PlanPackageError(file: error.entry ?? target.lastPathComponent, reason: .ioFailure(error.description))
        } catch {
            throw PlanPackageError(file: target.lastPathComponent, reason: .ioFailure("\(error)"))
        }
    }

    static func read(_ url: URL) throws(PlanPackageError) -> TreatmentPlan {
        var files: [String: Data] = [:]
        do {
            var limits = ArchiveLimits.default
            limits.maxEntryBytes = Int64(PlanFormat.maxMeshBytes)
            let reader = try ArchiveReader(contentsOf: url, limits: limits)
            guard reader.format == .zip else {
                throw PlanPackageError(file: url.lastPathComponent, reason: .notAPackage)
            }
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file else { return }
                files[entry.path] = try stream.readAll()
            }
        } catch let error as PlanPackageError {
            throw error
        } catch let error as ArchiveError {
            throw PlanPackageError(file: error.entry ?? url.lastPathComponent, reason: .archive(error.description))
        } catch {
            throw PlanPackageError(file: url.lastPathComponent, reason: .archive("\(error)"))
        }
        guard files[PlanFormat.documentPath] != nil else {
            throw PlanPackageError(file: url.lastPathComponent, reason: .notAPackage)
        }
        return try PlanDecoder.plan { path, limit throws(PlanPackageError) in
            guard let data = files[path] else { throw PlanPackageError(file: path, reason: .missingFile) }
            guard data.count <= limit else {
                throw PlanPackageError(file: path, reason: .tooLarge(bytes: data.count, limit: limit))
            }
            return data
        }
    }
}
