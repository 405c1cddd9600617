import Foundation
import VendorKit

/// The series' files (FORMAT.md, "Intake"): VendorKit's `CaseFiles`, read on every core, with every
/// model checked against the size a model under the triangle limit can have before it is read.
struct SeriesFiles: Sendable {
    let files: CaseFiles

    /// Lists `url` (an archive through ArchiveIO under its limits, or a folder).
    init(_ url: URL, password: String?) throws(VendorError) {
        files = try CaseFiles(url, vendor: STLSeriesAdapter.id, password: password)
    }

    var paths: [String] { files.paths }

    /// Calls `body` with the bytes of each of `paths` on every core, in no set order
    /// (`CaseFiles.readConcurrently`), every one first checked against the size a model under the triangle
    /// limit can have.
    func readConcurrently(_ paths: [String], _ body: @escaping @Sendable (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        for path in paths {
            if let size = files.sizes[path], size > ModelDecoder.maxBytes {
                throw .malformed(vendor: STLSeriesAdapter.id, file: path,
                                 detail: "\(size) bytes: larger than any model under the limit of \(ModelDecoder.maxTriangles) triangles; not read")
            }
        }
        try files.readConcurrently(paths, body)
    }
}
