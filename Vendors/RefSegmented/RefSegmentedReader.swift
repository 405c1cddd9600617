import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): one streaming pass — case.xml (the first entry as written) and then each
/// PLY as it streams by, decoded straight into its tooth or gingiva. A PLY met before case.xml (only in a
/// re-ordered archive) is read in a second pass, so at most one mesh file's bytes are held at a time.
final class RefSegmentedReader {
    static let vendor = RefSegmentedFormat.vendor

    private var manifest: CaseManifest?
    private var references: [String: CaseManifest.MeshReference] = [:]
    private var done: Set<String> = []
    private var deferred: [String] = []
    private var unknown: [String] = []

    static func read(_ url: URL) throws(VendorError) -> IntakeResult {
        let reader: ArchiveReader
        do { reader = try ArchiveReader(contentsOf: url) } catch { throw .archive(error) }
        let state = RefSegmentedReader()
        try state.pass(reader, only: nil)
        guard state.manifest != nil else {
            throw .malformed(vendor: vendor, file: RefSegmentedFormat.manifestPath,
                             detail: "missing: every ref-segmented archive holds case.xml, which describes the case and its meshes")
        }
        if !state.deferred.isEmpty { try state.pass(reader, only: Set(state.deferred)) }
        return try state.finish()
    }

    /// One streaming pass; `only` restricts it to deferred meshes.
    private func pass(_ reader: ArchiveReader, only: Set<String>?) throws(VendorError) {
        do {
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file else { return }
                if let only {
                    if only.contains(entry.path) { try self.mesh(entry.path, stream) }
                } else {
                    try self.visit(entry.path, stream)
                }
            }
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch let error as MeshReadError {
            throw .mesh(error)
        } catch {
            throw .malformed(vendor: Self.vendor, file: reader.name, detail: "\(error)")
        }
    }

    private func visit(_ path: String, _ stream: EntryStream) throws {
        if path == RefSegmentedFormat.manifestPath {
            var data = Data()
            while let chunk = try stream.read() {
                data.append(chunk)
                guard data.count <= RefSegmentedFormat.manifestLimit else {
                    throw VendorError.malformed(vendor: Self.vendor, file: path,
                                                detail: "larger than \(RefSegmentedFormat.manifestLimit >> 20) MiB: not a case manifest")
                }
            }
            let read: CaseManifest
            do { read = try CaseXMLReader.read(data) } catch {
                throw VendorError.malformed(vendor: Self.vendor, file: path, detail: error.description)
            }
            manifest = read
            references = Dictionary(read.meshes.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        } else if manifest == nil {
            // Which files are meshes is known only from case.xml.
            if path.hasSuffix(".ply") { deferred.append(path) } else { unknown.append(path) }
        } else if references[path] != nil {
            try mesh(path, stream)
        } else {
            unknown.append(path)
        }
    }

    /// Decodes one PLY into its tooth or gingiva, after checking its triangle count against case.xml.
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
