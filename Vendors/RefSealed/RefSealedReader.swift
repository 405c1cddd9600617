import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): one streaming pass over the decrypted entries (`ManifestStream`) —
/// order.json (the first entry as written), then each model as it streams by: its triangle count is
/// checked against the order, and the stage-0 model becomes the arch's gingiva.
final class RefSealedReader {
    static let vendor = RefSealedFormat.vendor

    private var contents: OrderContents?
    private var references: [String: OrderContents.ModelReference] = [:]
    private var done: Set<String> = []
    private var unknown: [String] = []
    private var unencrypted: [String] = []
    private var findings: [Finding] = []

    static func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        let password = options.password.flatMap { $0.isEmpty ? nil : $0 }
        let reader: ArchiveReader
        do { reader = try ArchiveReader(contentsOf: url, password: password) } catch { throw mapped(error, url, password) }
        let state = RefSealedReader()
        try ManifestStream.read(
            reader, vendor: vendor, manifest: RefSealedFormat.orderPath,
            missing: "missing: every ref-sealed archive holds order.json, which describes the case and its models",
            archiveError: { mapped($0, url, password) },
            manifest: { entry, data in
                state.note(entry)
                let read = try ManifestEntry.decode(OrderDocument.self, data, vendor: vendor, path: entry.path, values: OrderReader.read)
                state.contents = read
                state.references = Dictionary(read.models.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
            },
            entry: { entry, stream in
                state.note(entry)
                try state.model(entry.path, stream)
            })
        return try state.finish()
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

    /// Every entry but an encrypted one is named in the not-encrypted warning.
    private func note(_ entry: ArchiveEntry) {
        if !entry.isEncrypted { unencrypted.append(entry.path) }
    }

    /// Checks one model's triangle count; the stage-0 model is kept as the arch's gingiva.
    private func model(_ path: String, _ stream: EntryStream) throws {
        guard let ref = references[path], var c = contents else {
            unknown.append(path)
            return
        }
        let soup = try STLCodec.decodeTriangles(try stream.readAll(), source: path)
        guard soup.count == ref.triangles * 9 else {
            throw VendorError.malformed(vendor: Self.vendor, file: path,
                                        detail: "holds \(soup.count / 9) triangles; order.json (\(ref.field).triangles) says \(ref.triangles)")
        }
        done.insert(path)
        guard ref.stage == 0 else { return }
        let mesh = STLCodec.weldTriangles(soup[...])
        if let extent = mesh.boundingBox?.largestExtent {
            let (guess, reasoning) = UnitGuess.guess(largestExtent: extent)
            if guess != .millimetres {
                findings.append(Finding(RefSealedFormat.Code.unitsSuspect, .warning, at: FindingLocation(file: path),
                                        measured: extent, unit: "file units",
                                        message: "\(path) does not look like millimetres: \(reasoning).",
                                        remedy: "Have the sender export the models in millimetres, as ref-sealed requires."))
            }
        }
        contents = nil  // hand the arrays over without a copy
        c.arches[ref.arch].gingiva = mesh
        contents = c
    }

    /// Every listed model must have been read; what the format cannot give back is said in findings.
    private func finish() throws(VendorError) -> IntakeResult {
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
        out += findings
        out += unknown.map { path in
            Finding(RefSealedFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                    message: "\(path) is not part of the ref-sealed layout and was ignored.",
                    remedy: "None needed; remove \(path) from the archive if it should not travel with the case.")
        }
        return IntakeResult(plan: TreatmentPlan(metadata: c.metadata, arches: c.arches), report: Report(out))
    }
}
