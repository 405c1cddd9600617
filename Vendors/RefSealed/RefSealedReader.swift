import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): order.json first, then every model decrypted, inflated and checked on
/// every core, each worker holding one model's bytes at a time (`ArchiveReader.forEachEntryConcurrently`,
/// which opens WinZip AES entries itself): its triangle count is checked against the order, and the
/// stage-0 model becomes the arch's gingiva.
final class RefSealedReader: @unchecked Sendable {
    static let vendor = RefSealedFormat.vendor

    /// Set before the models' pass, read-only during it.
    private var references: [String: OrderContents.ModelReference] = [:]
    /// Everything below is shared by the workers, under `lock`.
    private let lock = NSLock()
    private var contents: OrderContents?
    private var done: Set<String> = []
    private var unknown: [String] = []
    private var unencrypted: Set<String> = []
    /// By model path, so their order does not depend on which worker finished first.
    private var findings: [String: Finding] = [:]

    static func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        let password = options.password.flatMap { $0.isEmpty ? nil : $0 }
        let reader: ArchiveReader, order: Data
        do {
            (reader, order) = try ManifestEntry.open(
                url, vendor: vendor, manifest: RefSealedFormat.orderPath, password: password,
                missing: "missing: every ref-sealed archive holds order.json, which describes the case and its models")
        } catch {
            if case .archive(let archiveError) = error { throw mapped(archiveError, url, password) }
            throw error
        }
        let state = RefSealedReader()
        let read = try ManifestEntry.decode(OrderDocument.self, order, vendor: vendor, path: RefSealedFormat.orderPath, values: OrderReader.read)
        state.contents = read
        state.references = Dictionary(read.models.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        try VendorError.catching(vendor: vendor, file: reader.name, archiveError: { mapped($0, url, password) }) {
            try reader.forEachEntryConcurrently(where: { $0.kind == .file }) { entry, data in
                if !entry.isEncrypted { state.lock.withLock { _ = state.unencrypted.insert(entry.path) } }
                guard entry.path != RefSealedFormat.orderPath else { return }
                try state.model(entry.path, data)
            }
        }
        // Named in archive order (the warning names the first); only an unsealed copy has any.
        let unencrypted = state.unencrypted.isEmpty ? []
            : ((try? reader.entries())?.map(\.path).filter(state.unencrypted.contains) ?? state.unencrypted.sorted())
        return try state.finish(unencrypted: unencrypted)
    }

    /// A missing or wrong password is the user's to fix, so it is a password error, not a broken archive.
    static func mapped(_ error: ArchiveError, _ url: URL, _ password: String?) -> VendorError {
        switch error.rule {
        case .encrypted:
            return .password(vendor: vendor, detail: "\(url.lastPathComponent) is an AES-256-encrypted ref-sealed archive: give its password (--password)")
        case .wrongPassword:
            return .password(vendor: vendor, detail: "wrong password for \(url.lastPathComponent)\(error.entry.map { " (entry \($0))" } ?? ""): the archive cannot be decrypted with it")
        default:
            return .archive(error)
        }
    }

    /// Checks one model's triangle count; the stage-0 model is kept as the arch's gingiva.
    private func model(_ path: String, _ data: Data) throws {
        guard let ref = references[path] else {
            lock.withLock { unknown.append(path) }
            return
        }
        let mesh: TriangleMesh? = try STLCodec.withTriangles(data, source: path) { view in
            guard view.count == ref.triangles else {
                throw VendorError.malformed(vendor: Self.vendor, file: path,
                                            detail: "holds \(view.count) triangles; order.json (\(ref.field).triangles) says \(ref.triangles)")
            }
            return ref.stage == 0 ? view.weld(0..<view.count) : nil
        }
        var finding: Finding?
        if let mesh, let extent = mesh.boundingBox?.largestExtent {
            let (guess, reasoning) = UnitGuess.guess(largestExtent: extent)
            if guess != .millimetres {
                finding = Finding(RefSealedFormat.Code.unitsSuspect, .warning, at: FindingLocation(file: path),
                                  measured: extent, unit: "file units",
                                  message: "\(path) does not look like millimetres: \(reasoning).",
                                  remedy: "Have the sender export the models in millimetres, as ref-sealed requires.")
            }
        }
        lock.withLock {
            done.insert(path)
            if let finding { findings[path] = finding }
            if let mesh { contents?.arches[ref.arch].gingiva = mesh }
        }
    }

    /// Every listed model must have been read; what the format cannot give back is said in findings.
    private func finish(unencrypted: [String]) throws(VendorError) -> IntakeResult {
        guard let c = contents else { throw .malformed(vendor: Self.vendor, file: RefSealedFormat.orderPath, detail: "missing") }
        for ref in c.models where !done.contains(ref.file) {
            throw .malformed(vendor: Self.vendor, file: ref.file, detail: "listed in order.json (\(ref.field).model) but missing from the archive")
        }
        var out = [Finding(FindingCode.segmentationLost, .note,
                           message: "ref-sealed carries baked whole-arch models only: the plan read has no teeth, each arch's stage-0 model stands in as its gingiva, and stages carry their flags but no poses.",
                           remedy: "Ask for a segmented export (e.g. ref-segmented or alignplan) if the plan must be restaged or checked against movement limits.")]
        if !unencrypted.isEmpty {
            out.append(Finding(RefSealedFormat.Code.notEncrypted, .warning, at: FindingLocation(file: unencrypted[0]),
                               measured: Double(unencrypted.count), unit: "entries",
                               message: "\(unencrypted.count) entr\(unencrypted.count == 1 ? "y" : "ies") (first: \(unencrypted[0])) are not encrypted; ref-sealed archives are AES-256 sealed, so this case travelled unprotected.",
                               remedy: "Ask the sender to export with a password; treat the patient data as exposed."))
        }
        out += findings.keys.sorted().compactMap { findings[$0] }
        out += unknown.sorted().map { path in
            Finding(RefSealedFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                    message: "\(path) is not part of the ref-sealed layout and was ignored.",
                    remedy: "None needed; remove \(path) from the archive if it should not travel with the case.")
        }
        return IntakeResult(plan: TreatmentPlan(metadata: c.metadata, arches: c.arches), report: Report(out))
    }
}
