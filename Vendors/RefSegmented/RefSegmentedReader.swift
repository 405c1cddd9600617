import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): one streaming pass (`ManifestStream`) — case.xml (the first entry as
/// written) and then each PLY as it streams by, decoded straight into its tooth or gingiva.
final class RefSegmentedReader {
    static let vendor = RefSegmentedFormat.vendor

    private var manifest: CaseManifest?
    private var references: [String: CaseManifest.MeshReference] = [:]
    private var done: Set<String> = []
    private var unknown: [String] = []

    static func read(_ url: URL) throws(VendorError) -> IntakeResult {
        let reader: ArchiveReader
        do { reader = try ArchiveReader(contentsOf: url) } catch { throw .archive(error) }
        let state = RefSegmentedReader()
        try ManifestStream.read(
            reader, vendor: vendor, manifest: RefSegmentedFormat.manifestPath,
            missing: "missing: every ref-segmented archive holds case.xml, which describes the case and its meshes",
            manifest: { entry, data in
                let read: CaseManifest
                do throws(CaseXMLError) { read = try CaseXMLReader.read(data) } catch {
                    throw VendorError.malformed(vendor: vendor, file: entry.path, detail: error.description)
                }
                state.manifest = read
                state.references = Dictionary(read.meshes.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
            },
            entry: { entry, stream in try state.mesh(entry.path, stream) })
        return try state.finish()
    }

    /// Decodes one PLY into its tooth or gingiva, after checking its triangle count and (for a crown) its
    /// placement against case.xml.
    private func mesh(_ path: String, _ stream: EntryStream) throws {
        guard let ref = references[path], var m = manifest else {
            unknown.append(path)
            return
        }
        let mesh = try PLYCodec.decode(try stream.readAll(), source: path)
        guard mesh.triangleCount == ref.triangles else {
            throw VendorError.malformed(vendor: Self.vendor, file: path,
                                        detail: "holds \(mesh.triangleCount) triangles; case.xml says \(ref.triangles)")
        }
        if let t = ref.tooth, let why = CrownPlacement.mismatch(mesh, m.arches[ref.arch].teeth[t].frame) {
            let id = m.arches[ref.arch].teeth[t].id
            throw VendorError.malformed(vendor: Self.vendor, file: path,
                                        detail: "is not the crown of tooth \(id.universal) (FDI \(id.fdi)): \(why)")
        }
        manifest = nil  // hand the arrays over without a copy
        if let t = ref.tooth { m.arches[ref.arch].teeth[t].crown = mesh } else { m.arches[ref.arch].gingiva = mesh }
        manifest = m
        done.insert(path)
    }

    /// Every listed mesh must have been read; other entries are noted.
    private func finish() throws(VendorError) -> IntakeResult {
        guard let m = manifest else {
            throw .malformed(vendor: Self.vendor, file: RefSegmentedFormat.manifestPath, detail: "missing")
        }
        for ref in m.meshes where !done.contains(ref.file) {
            throw .malformed(vendor: Self.vendor, file: ref.file, detail: "listed in case.xml but missing from the archive")
        }
        let findings = unknown.map { path in
            Finding(RefSegmentedFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                    message: "\(path) is not part of the ref-segmented layout and was ignored.",
                    remedy: "None needed; remove \(path) from the archive if it should not travel with the case.")
        }
        return IntakeResult(plan: TreatmentPlan(metadata: m.metadata, arches: m.arches), report: Report(findings))
    }
}
