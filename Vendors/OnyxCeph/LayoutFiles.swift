import ArchiveIO
import Foundation
import VendorKit

/// The files of an export, from a zip (or any archive ArchiveIO reads, under its limits) or a folder
/// (read file by file under the same limits, links refused): the listing, then the chosen files' bytes in
/// one pass.
struct LayoutFiles {
    let url: URL
    let password: String?
    let isFolder: Bool
    /// Regular files, relative paths, sorted.
    let paths: [String]

    init(_ url: URL, password: String?) throws(VendorError) {
        let listing = try ArchiveListing.load(url, password: password)
        self.url = url
        self.password = password
        isFolder = listing.format == nil
        paths = listing.filePaths.sorted()
    }

    /// The bytes of every file in `wanted`.
    func read(_ wanted: Set<String>, limits: ArchiveLimits = .default) throws(VendorError) -> [String: Data] {
        var data: [String: Data] = [:]
        if isFolder {
            let root = url.standardizedFileURL.resolvingSymlinksInPath()
            var total: Int64 = 0
            for path in wanted.sorted() {
                func fail(_ detail: String) -> VendorError { .malformed(vendor: OnyxCephFormat.vendor, file: path, detail: detail) }
                let file = root.appendingPathComponent(path)
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
            return data
        }
        try VendorError.catching(vendor: OnyxCephFormat.vendor, file: url.lastPathComponent, context: "cannot read the archive: ") {
            let reader = try ArchiveReader(contentsOf: url, limits: limits, password: password)
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file, wanted.contains(entry.path) else { return }
                data[entry.path] = try stream.readAll()
            }
        }
        return data
    }
}
