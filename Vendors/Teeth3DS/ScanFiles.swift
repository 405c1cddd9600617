import ArchiveIO
import Foundation
import VendorKit

/// The files of a Teeth3DS archive or folder: the listing, and the bytes of the files intake needs. An
/// archive is read through ArchiveIO under its limits; a folder (the data set's own form) is read file by
/// file under the same per-file and total limits, refusing links and anything outside the folder.
struct ScanFiles {
    /// Regular files, relative paths, sorted.
    let paths: [String]
    /// The bytes of every wanted file, by path.
    let data: [String: Data]

    /// Lists `url` and reads the files `wanted` picks from the listing.
    static func read(_ url: URL, password: String?, limits: ArchiveLimits = .default,
                     wanted: ([String]) throws(VendorError) -> Set<String>) throws(VendorError) -> ScanFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .malformed(vendor: Teeth3DSAdapter.id, file: url.path, detail: "no such file or folder")
        }
        return isDirectory.boolValue
            ? try folder(url, limits: limits, wanted: wanted)
            : try archive(url, password: password, limits: limits, wanted: wanted)
    }

    private static func archive(_ url: URL, password: String?, limits: ArchiveLimits,
                                wanted: ([String]) throws(VendorError) -> Set<String>) throws(VendorError) -> ScanFiles {
        try VendorError.catching(vendor: Teeth3DSAdapter.id, file: url.lastPathComponent, context: "cannot read the archive: ") {
            let reader = try ArchiveReader(contentsOf: url, limits: limits, password: password)
            let paths = try reader.entries().filter { $0.kind == .file }.map(\.path).sorted()
            let want = try wanted(paths)
            var data: [String: Data] = [:]
            // One pass for every wanted file (each pass re-reads the archive).
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file, want.contains(entry.path) else { return }
                data[entry.path] = try stream.readAll()
            }
            return ScanFiles(paths: paths, data: data)
        }
    }

    private static func folder(_ url: URL, limits: ArchiveLimits,
                               wanted: ([String]) throws(VendorError) -> Set<String>) throws(VendorError) -> ScanFiles {
        let listing = try ArchiveListing.load(url, limits: limits)
        let paths = listing.filePaths.sorted()
        let want = try wanted(paths)
        let root = url.standardizedFileURL.resolvingSymlinksInPath()
        var data: [String: Data] = [:]
        var total: Int64 = 0
        for path in want.sorted() {
            let file = root.appendingPathComponent(path)
            func fail(_ detail: String) -> VendorError { .malformed(vendor: Teeth3DSAdapter.id, file: path, detail: detail) }
            // lstat-based: a link is refused, as an archive's links are.
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { throw fail("not a regular file (links are refused)") }
            guard file.resolvingSymlinksInPath().path.hasPrefix(root.path + "/") else { throw fail("lies outside the folder") }
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            total += size
            guard size <= limits.maxEntryBytes, total <= limits.maxTotalBytes else {
                throw fail("larger than the intake limits (\(limits.maxEntryBytes) bytes per file, \(limits.maxTotalBytes) in all)")
            }
            do { data[path] = try Data(contentsOf: file) } catch { throw fail("cannot be read: \(error.localizedDescription)") }
        }
        return ScanFiles(paths: paths, data: data)
    }
}
