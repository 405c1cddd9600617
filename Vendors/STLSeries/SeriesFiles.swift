import ArchiveIO
import Foundation
import VendorKit

/// The archive and folder mechanics of intake, in one place (FORMAT.md, "Intake"): list the files, then
/// hand chosen files' bytes to a consumer one at a time, in the order asked for where the container
/// allows it (a folder: exactly; an archive: one pass per group, entries in archive order).
struct SeriesFiles {
    let url: URL
    let password: String?
    let isFolder: Bool
    let paths: [String]
    let sizes: [String: Int64]

    /// Lists `url` (an archive through ArchiveIO under its limits, or a folder).
    init(_ url: URL, password: String?) throws(VendorError) {
        let listing = try ArchiveListing.load(url, password: password)
        self.url = url
        self.password = password
        isFolder = listing.format == nil
        paths = listing.filePaths.sorted()
        var sizes: [String: Int64] = [:]
        for e in listing.entries where e.kind == .file { sizes[e.path] = e.declaredSize }
        self.sizes = sizes
    }

    /// Calls `body` with each group's files' bytes, group by group; within a group in `group` order for a
    /// folder, archive order for an archive.
    func read(groups: [[String]], _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        for group in groups where !group.isEmpty {
            for path in group {
                if let size = sizes[path], size > ModelDecoder.maxBytes {
                    throw .malformed(vendor: STLSeriesAdapter.id, file: path,
                                     detail: "\(size) bytes: larger than any model under the limit of \(ModelDecoder.maxTriangles) triangles; not read")
                }
            }
            if isFolder { try readFolder(group, body) } else { try readArchive(Set(group), body) }
        }
    }

    private func readFolder(_ group: [String], _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        let root = url.standardizedFileURL.resolvingSymlinksInPath()
        for path in group {
            let file = root.appendingPathComponent(path)
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else {
                throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "not a regular file (links are refused)")
            }
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "cannot be read: \(error.localizedDescription)")
            }
            try body(path, data)
        }
    }

    private func readArchive(_ wanted: Set<String>, _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        do {
            let reader = try ArchiveReader(contentsOf: url, password: password)
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file, wanted.contains(entry.path) else { return }
                try body(entry.path, try stream.readAll())
            }
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .malformed(vendor: STLSeriesAdapter.id, file: url.lastPathComponent, detail: "cannot read the archive: \(error)")
        }
    }
}
