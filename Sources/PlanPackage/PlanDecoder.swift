import Foundation
import ManifestCodec
import MeshIO
import PlanModel

/// Rebuilds a plan from a package's files, checking every value and every mesh against plan.json.
public enum PlanDecoder {
    /// Reads the plan; `read(path, limit)` returns a package file's bytes or throws
    /// (the folder and, later, zip forms supply it).
    public static func plan(read: (String, Int) throws(PlanPackageError) -> Data) throws(PlanPackageError) -> TreatmentPlan {
        let file = PlanFormat.documentPath
        let json = try read(file, PlanFormat.maxDocumentBytes)
        let document: PlanDocument
        do {
            document = try JSONDecoder().decode(PlanDocument.self, from: json)
        } catch let error as DecodingError {
            throw PlanPackageError(file: file, reason: .invalidJSON(describe(error)))
        } catch {
            throw PlanPackageError(file: file, reason: .invalidJSON(String(describing: error)))
        }
        guard document.format == PlanFormat.formatName else {
            throw PlanPackageError(file: file, reason: .wrongFormat(found: document.format))
        }
        do { _ = try FormatVersion.gate(document.formatVersion, reader: PlanFormat.version) } catch {
            throw PlanPackageError(file: file, reason: .unsupportedVersion(found: document.formatVersion, supported: PlanFormat.version))
        }
        let values = ValueReader(file: file)
        let metadata = try values.metadata(document.case)
        var arches: [Arch] = []
        for (a, arch) in document.arches.enumerated() {
            arches.append(try values.arch(arch, at: "arches[\(a)]", mesh: { ref, field throws(PlanPackageError) in
                try loadMesh(ref, field: field, read: read)
            }))
        }
        let derivation = try document.derivation.map { d throws(PlanPackageError) -> PlanDerivation in
            guard d.margin.isFinite, d.margin > 0, d.margin <= 1 else {
                throw PlanPackageError(file: file, reason: .invalidValue(field: "derivation.margin", detail: "must be > 0 and ≤ 1"))
            }
            return PlanDerivation(sourceRevision: d.sourceRevision, target: d.target, margin: d.margin, sourceAligners: d.sourceAligners)
        }
        return TreatmentPlan(metadata: metadata, arches: arches, derivation: derivation)
    }

    static func loadMesh(_ ref: PlanDocument.MeshReference, field: String,
                         read: (String, Int) throws(PlanPackageError) -> Data) throws(PlanPackageError) -> TriangleMesh {
        guard PackagePath.isSafe(ref.file) else { throw PlanPackageError(file: ref.file, reason: .unsafePath) }
        let data = try read(ref.file, PlanFormat.maxMeshBytes)
        let mesh: TriangleMesh
        do { mesh = try PLYCodec.decode(data, source: ref.file) } catch {
            throw PlanPackageError(file: ref.file, reason: .meshUnreadable(error.description))
        }
        if mesh.vertexCount != ref.vertices {
            throw PlanPackageError(file: ref.file, reason: .meshMismatch(field: "\(field).vertices",
                expected: String(ref.vertices), found: String(mesh.vertexCount)))
        }
        if mesh.triangleCount != ref.triangles {
            throw PlanPackageError(file: ref.file, reason: .meshMismatch(field: "\(field).triangles",
                expected: String(ref.triangles), found: String(mesh.triangleCount)))
        }
        let hash = mesh.contentHash
        if hash != ref.sha256.lowercased() {
            throw PlanPackageError(file: ref.file, reason: .meshMismatch(field: "\(field).sha256",
                expected: ref.sha256, found: hash))
        }
        return mesh
    }

    /// A decoding error in plan.json's words (`missing key 'case.caseID'`), from `DecodingFailure`'s parts.
    static func describe(_ error: DecodingError) -> String {
        let failure = DecodingFailure(error)
        switch failure.kind {
        case .missingKey: return "missing key '\(failure.field)'"
        case .typeMismatch, .null: return "wrong type at '\(failure.field)': \(failure.context)"
        case .corrupted: return failure.field.isEmpty ? failure.context : "'\(failure.field)': \(failure.context)"
        }
    }
}

/// Paths inside a package: relative, forward slashes, no `..`, no empty or `.` parts.
enum PackagePath {
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != ".." && $0 != "." && !$0.isEmpty }
    }
}
