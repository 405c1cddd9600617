import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export: case.xml, then per arch (plan order) the gingiva and every crown, each mesh once at stage 0
/// (FORMAT.md, "Layout"). tar needs each entry's size before its data; a binary PLY's size follows from
/// its counts, so each PLY is encoded only when libarchive pulls it: one mesh's bytes at a time.
enum RefSegmentedWriter {
    static let vendor = RefSegmentedFormat.vendor

    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        let manifest = try CaseXMLWriter.document(plan, kinds: Set(RefSegmentedAdapter.attachmentKinds))
        try MeshPreflight.check(plan, vendor: vendor, encoding: "PLY", meshesTravelInStages: false)
        let meshes = try meshEntries(plan)
        return try VendorError.catching(vendor: vendor, file: url.lastPathComponent, context: "cannot write the archive: ") {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .tarGzip), overwrite: options.overwrite)
            try writer.add(RefSegmentedFormat.manifestPath, data: manifest)
            for entry in meshes {
                var done = false
                try writer.add(entry.path, size: Int64(PLYSize.binary(entry.mesh, comment: entry.comment))) {
                    guard !done else { return nil }
                    done = true
                    return PLYCodec.encode(entry.mesh, encoding: .binary, name: entry.comment)
                }
            }
            return try ExportedArchive(writer.finish())
        }
    }

    /// One PLY to write. `mesh` shares the plan's storage (copy on write): nothing is copied until encoded.
    struct MeshEntry {
        var path: String
        var mesh: TriangleMesh
        var comment: String
    }

    /// The gingiva and crowns of every arch, in the order case.xml lists them.
    static func meshEntries(_ plan: TreatmentPlan) throws(VendorError) -> [MeshEntry] {
        var out: [MeshEntry] = []
        let caseID = plan.metadata.caseID
        for arch in plan.arches {
            let jaw = arch.jaw
            if let g = arch.gingiva {
                out.append(MeshEntry(path: RefSegmentedFormat.gingivaPath(jaw), mesh: g,
                                     comment: RefSegmentedFormat.plyComment(caseID: caseID, jaw: jaw, what: "gingiva")))
            }
            for tooth in arch.teeth {
                guard let crown = tooth.crown else { continue }
                let n = try CaseXMLWriter.number(tooth.id, jaw)
                out.append(MeshEntry(path: RefSegmentedFormat.crownPath(jaw, universal: n), mesh: crown,
                                     comment: RefSegmentedFormat.plyComment(caseID: caseID, jaw: jaw, what: "tooth \(n)")))
            }
        }
        return out
    }
}

/// The size of `PLYCodec.encode(mesh, encoding: .binary, name:)` without encoding: the header, 12 bytes per
/// vertex (3 × Float32) and 13 per triangle (a UInt8 count and 3 × UInt32). Were MeshIO's header ever to
/// change, the tar writer's size check fails the export with a typed error, never a corrupt archive.
enum PLYSize {
    static func binary(_ mesh: TriangleMesh, comment: String) -> Int {
        let clean = comment.filter { !$0.isNewline }
        let header = "ply\nformat binary_little_endian 1.0\ncomment \(clean.isEmpty ? "aligngate" : clean)\n"
            + "element vertex \(mesh.vertexCount)\nproperty float x\nproperty float y\nproperty float z\n"
            + "element face \(mesh.triangleCount)\nproperty list uchar uint vertex_indices\nend_header\n"
        return header.utf8.count + 12 * mesh.vertexCount + 13 * mesh.triangleCount
    }
}
