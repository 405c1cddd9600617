import ArchiveIO
import Foundation

/// A case's loose files in an archive or a folder, for adapters that read named files rather than a
/// manifest (stl-series, teeth3ds): the listing, and chosen files' bytes handed over one at a time. An
/// archive is read through ArchiveIO under its limits; a folder file by file under the same per-file and
/// total limits, refusing links and anything outside the folder, as an archive's entries would be.
public struct CaseFiles: Sendable {
    public let url: URL
    public let vendor: String
    public let password: String?
    public let limits: ArchiveLimits
    /// The archive's format; nil for a folder.
    public let format: ArchiveFormat?
    /// Regular files, relative paths, sorted.
    public let paths: [String]
    /// Declared (archive) or on-disk (folder) sizes, where known.
    public let sizes: [String: Int64]

    /// Lists `url` (`ArchiveListing.load`); errors name `vendor`.
    public init(_ url: URL, vendor: String, password: String? = nil, limits: ArchiveLimits = .default) throws(VendorError) {
        let listing = try ArchiveListing.load(url, password: password, limits: limits)
        self.url = url
        self.vendor = vendor
        self.password = password
        self.limits = limits
        format = listing.format
        paths = listing.filePaths.sorted()
        var sizes: [String: Int64] = [:]
        for e in listing.entries where e.kind == .file { sizes[e.path] = e.declaredSize }
        self.sizes = sizes
    }

    public var isFolder: Bool { format == nil }

    /// Calls `body` with the bytes of each of `wanted`, one file at a time: in `wanted`'s order for a
    /// folder, in archive order (one pass) for an archive.
    public func read(_ wanted: [String], _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        guard !wanted.isEmpty else { return }
        if isFolder { try readFolder(wanted, body) } else { try readArchive(Set(wanted), body) }
    }

    /// The bytes of every file of `wanted`, by path (for small sets: all are held at once).
    public func data(of wanted: [String]) throws(VendorError) -> [String: Data] {
        var out: [String: Data] = [:]
        try read(wanted) { path, data in out[path] = data }
        return out
    }

    private func readFolder(_ wanted: [String], _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        let root = url.standardizedFileURL.resolvingSymlinksInPath()
        var total: Int64 = 0
        for path in wanted {
            let file = root.appendingPathComponent(path)
            func fail(_ detail: String) -> VendorError { .malformed(vendor: vendor, file: path, detail: detail) }
            // lstat-based: a link is refused, as an archive's links are.
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { throw fail("not a regular file (links are refused)") }
            guard file.resolvingSymlinksInPath().path.hasPrefix(root.path + "/") else { throw fail("lies outside the folder") }
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            total += size
            guard size <= limits.maxEntryBytes, total <= limits.maxTotalBytes else {
                throw fail("larger than the intake limits (\(limits.maxEntryBytes) bytes per file, \(limits.maxTotalBytes) in all)")
            }
            let data: Data
            do { data = try Data(contentsOf: file) } catch { throw fail("cannot be read: \(error.localizedDescription)") }
            try body(path, data)
        }
    }

    private func readArchive(_ wanted: Set<String>, _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        do {
            let reader = try ArchiveReader(contentsOf: url, limits: limits, password: password)
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file, wanted.contains(entry.path) else { return }
                try body(entry.path, try stream.readAll())
            }
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: "cannot read the archive: \(error)")
        }
    }
}
