import Foundation
import VendorKit

/// The series' files (FORMAT.md, "Intake"): VendorKit's `CaseFiles`, read group by group, with every
/// model checked against the size a model under the triangle limit can have before it is read.
struct SeriesFiles: Sendable {
    let files: CaseFiles

    /// Lists `url` (an archive through ArchiveIO under its limits, or a folder).
    init(_ url: URL, password: String?) throws(VendorError) {
        files = try CaseFiles(url, vendor: STLSeriesAdapter.id, password: password)
    }

    var paths: [String] { files.paths }

    /// Calls `body` with each group's files' bytes, group by group; within a group in `group` order for a
    /// folder, archive order for an archive.
    func read(groups: [[String]], _ body: (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        for group in groups where !group.isEmpty {
            for path in group {
                if let size = files.sizes[path], size > ModelDecoder.maxBytes {
                    throw .malformed(vendor: STLSeriesAdapter.id, file: path,
                                     detail: "\(size) bytes: larger than any model under the limit of \(ModelDecoder.maxTriangles) triangles; not read")
                }
            }
            try files.read(group, body)
        }
    }
}
