import Foundation
import MeshIO
import PlanModel
import VendorKit

/// What one stage 3MF gave: each crown's pose (from its component of the arch model), the meshes when
/// asked for (stage 0), and findings where the 3MF and the manifest disagree.
struct StageRead {
    var poses: [ToothID: RigidTransform] = [:]
    var crowns: [ToothID: TriangleMesh] = [:]
    var gingiva: TriangleMesh?
    var findings: [Finding] = []
}

/// Reads one stage 3MF against the manifest (FORMAT.md, "Intake"). What cannot be read at all (not one
/// build item, no arch model, a crown or the gingiva without its object, a non-rigid pose, another unit)
/// is a typed error; what can be read but disagrees with the manifest is a finding.
struct StageReader {
    /// A part of the arch model: its object's name and mesh, and the transform that places it.
    typealias Part = (name: String, transform: ThreeMFTransform?, mesh: TriangleMesh?)

    let vendor: String
    let file: String
    let caseID: String
    let layout: StagePartLayout
    let arch: ManifestPlan.ArchPart
    let stage: ManifestPlan.StagePart
    /// Meshes already matched to their manifest hash (every stage repeats the crowns).
    let verified: VerifiedMeshes

    /// What places a part, in messages.
    var placement: String { layout == .archModel ? "component" : "build item" }

    func read(_ model: ThreeMFModel, keepMeshes: Bool) throws(VendorError) -> StageRead {
        var out = StageRead()
        guard model.unit == .millimeter else { throw fail("the model's unit is \(model.unit.rawValue); print-3mf models are in millimeter") }
        out.findings += metadataFindings(model)
        let parts: [Part]
        switch layout {
        case .archModel: parts = try archParts(model, &out.findings)
        case .itemPerPart:
            parts = model.build.compactMap { item in
                model.object(id: item.objectID).map { ($0.name ?? "object \($0.id)", item.transform, $0.mesh) }
            }
        }
        var used = Set<Int>()
        func take(_ name: String) -> (transform: ThreeMFTransform?, mesh: TriangleMesh?)? {
            guard let i = parts.indices.first(where: { !used.contains($0) && parts[$0].name == name }) else { return nil }
            used.insert(i)
            return (parts[i].transform, parts[i].mesh)
        }
        for tooth in arch.teeth {
            guard let record = tooth.crown else { continue }
            guard let found = take(record.object), let mesh = found.mesh else { throw fail("no \(placement) with the mesh object \(record.object)") }
            let transform = found.transform ?? .identity
            let pose: RigidTransform
            do { pose = try transform.rigidTransform(source: "\(file): \(placement) for \(record.object)") } catch {
                throw .malformed(vendor: vendor, file: file, detail: error.description)
            }
            out.poses[tooth.id] = pose
            if keepMeshes { out.crowns[tooth.id] = mesh }
            check(mesh, against: record, tooth: tooth.id, &out.findings)
            if let expected = stage.poses[tooth.id],
               expected.pose.maxDifference(to: pose) > Print3MFFormat.poseTolerance
                || zip(expected.transform.values, transform.values).contains(where: { abs($0 - $1) > Print3MFFormat.poseTolerance }) {
                out.findings.append(finding(Print3MFFormat.Code.geometryMismatch, tooth: tooth.id,
                    "The \(placement) of \(record.object) places the crown differently from the manifest's pose.",
                    "Re-export the case; a 3MF edited after export cannot be trusted for printing."))
            }
        }
        if let record = arch.gingiva {
            guard let found = take(record.object), let mesh = found.mesh else { throw fail("no \(placement) with the mesh object \(record.object)") }
            if keepMeshes { out.gingiva = mesh }
            check(mesh, against: record, tooth: nil, &out.findings)
            if let t = found.transform, !t.isIdentity {
                out.findings.append(finding(Print3MFFormat.Code.geometryMismatch, tooth: nil,
                    "The gingiva's \(placement) moves it; print-3mf gingiva stays where stage 0 has it.", "Re-export the case."))
            }
        }
        out.findings += attachmentFindings(parts, poses: out.poses, used: &used)
        for i in parts.indices where !used.contains(i) {
            out.findings.append(finding(Print3MFFormat.Code.unexpectedObject, severity: .warning, tooth: nil,
                "The 3MF builds \(parts[i].name) (a \(placement)), which the manifest does not list; intake ignores it.",
                "Check whether the print farm added it; remove it, or re-export the case."))
        }
        return out
    }

    /// The components of the arch model, the one object the build holds (format 1.1). Its item may be
    /// moved (a slicer places the model on its plate) but not scaled or mirrored; a name other than
    /// the writer's is a finding.
    func archParts(_ model: ThreeMFModel, _ findings: inout [Finding]) throws(VendorError) -> [Part] {
        guard model.build.count == 1, let item = model.build.first else {
            throw fail("the build has \(model.build.count) items; a print-3mf stage 3MF builds exactly one, the arch model")
        }
        guard let object = model.object(id: item.objectID), case let .components(components) = object.content else {
            throw fail("no arch model: the build item's object \(item.objectID) is \(model.object(id: item.objectID) == nil ? "not defined" : "a mesh"), not an object of components")
        }
        let expected = ThreeMFWriter.representable(Print3MFFormat.archObjectName(caseID: caseID, jaw: arch.jaw, stage: stage.index))
        if object.name != expected {
            findings.append(finding(Print3MFFormat.Code.metadataMismatch, tooth: nil,
                "The arch model is named \(object.name.map { "'\($0)'" } ?? "nothing"); the manifest implies '\(expected)'.",
                "Make sure this 3MF belongs to this case, arch and stage; re-export the case."))
        }
        if let t = item.transform, (try? t.rigidTransform(source: file)) == nil {
            findings.append(finding(Print3MFFormat.Code.geometryMismatch, tooth: nil,
                "The build item scales, shears or mirrors the arch model; the printed model would not be the planned one.",
                "Re-export the case, or place the model on the plate without scaling it."))
        }
        return components.map { c in
            let part = model.object(id: c.objectID)
            return (part.flatMap(\.name) ?? "object \(c.objectID)", c.transform, part?.mesh)
        }
    }

    /// The metadata the writer sets, compared with what the manifest implies.
    func metadataFindings(_ model: ThreeMFModel) -> [Finding] {
        let expected = StageModel.metadata(caseID: caseID, created: "", jaw: arch.jaw, stage: stage.index)
            .filter { $0.0.hasPrefix(Print3MFFormat.namespacePrefix + ":") }
        return expected.compactMap { name, value in
            let local = String(name.dropFirst(Print3MFFormat.namespacePrefix.count + 1))
            let found = model.metadataValue(namespace: Print3MFFormat.namespaceURI, localName: local)
            guard found != value else { return nil }
            return finding(Print3MFFormat.Code.metadataMismatch, tooth: nil,
                           "The 3MF's \(name) is \(found.map { "'\($0)'" } ?? "missing"); the manifest implies '\(value)'.",
                           "Make sure this 3MF belongs to this case, arch and stage; re-export the case.")
        }
    }

    /// The attachment objects, in part order, against the manifest's attachments bonded at this stage.
    func attachmentFindings(_ items: [Part], poses: [ToothID: RigidTransform], used: inout Set<Int>) -> [Finding] {
        let names = Set(arch.attachmentObjects)
        let found = items.indices.filter { !used.contains($0) && names.contains(items[$0].name) }
        found.forEach { used.insert($0) }
        let active = arch.attachments.indices.filter { arch.attachments[$0].isActive(atStage: stage.index) }
        var out: [Finding] = []
        if active != stage.attachments {
            out.append(finding(Print3MFFormat.Code.attachmentMismatch, tooth: nil,
                "The manifest lists attachments \(stage.attachments) for this stage, but their placed/removed stages make it \(active).",
                "Re-export the case."))
        }
        let expectedNames = active.map { arch.attachmentObjects[$0] }
        let foundNames = found.map { items[$0].name }
        guard expectedNames == foundNames else {
            out.append(finding(Print3MFFormat.Code.attachmentMismatch, tooth: nil,
                "The 3MF holds attachments \(foundNames); the manifest bonds \(expectedNames) at this stage.",
                "Re-export the case; the printed model would carry the wrong attachments."))
            return out
        }
        for (index, itemIndex) in zip(active, found) {
            let a = arch.attachments[index]
            guard let tooth = arch.teeth.first(where: { $0.id == a.tooth }) else { continue }
            let expected = StageBaker.attachmentSolid(a, frame: tooth.frame, pose: poses[a.tooth] ?? .identity)
            let item = items[itemIndex]
            let matches = (item.transform?.isIdentity ?? true) && item.mesh.map { close($0, expected) } == true
            if !matches {
                out.append(finding(Print3MFFormat.Code.attachmentMismatch, tooth: a.tooth,
                    "The solid of \(item.name) differs from the \(a.template.kind.rawValue) template at its placement in this stage.",
                    "Re-export the case; the printed attachment would have the wrong shape or place."))
            }
        }
        return out
    }

    func check(_ mesh: TriangleMesh, against record: PrintManifest.MeshRecord, tooth: ToothID?, _ findings: inout [Finding]) {
        guard !verified.matches(mesh, record, key: "\(arch.jaw.rawValue)/\(record.object)") else { return }
        findings.append(finding(Print3MFFormat.Code.geometryMismatch, tooth: tooth,
            "The mesh of \(record.object) (\(mesh.triangleCount) triangles) is not the one the manifest records (\(record.triangles) triangles, SHA-256 \(record.sha256.prefix(12))…).",
            "Re-export the case; the 3MF was changed after export."))
    }

    func close(_ a: TriangleMesh, _ b: TriangleMesh) -> Bool {
        guard a.indices == b.indices, a.positions.count == b.positions.count else { return false }
        return zip(a.positions, b.positions).allSatisfy { abs(Double($0) - Double($1)) <= Print3MFFormat.geometryTolerance }
    }

    func finding(_ code: String, severity: Finding.Severity = .error, tooth: ToothID?, _ message: String, _ remedy: String) -> Finding {
        Finding(code, severity, at: FindingLocation(arch: arch.jaw, stage: stage.index, tooth: tooth, file: file), message: message, remedy: remedy)
    }

    func fail(_ detail: String) -> VendorError { .malformed(vendor: vendor, file: file, detail: detail) }
}

/// Meshes whose hash matched the manifest once: the next stage's copy is compared byte for byte, which
/// is far cheaper than hashing it again. Shared by the workers reading stages at once (hence the lock).
final class VerifiedMeshes: @unchecked Sendable {
    private let lock = NSLock()
    private var meshes: [String: TriangleMesh] = [:]

    func matches(_ mesh: TriangleMesh, _ record: PrintManifest.MeshRecord, key: String) -> Bool {
        if let known = lock.withLock({ meshes[key] }), Self.sameBytes(known, mesh) { return true }
        guard mesh.contentHash == record.sha256.lowercased() else { return false }
        lock.withLock { meshes[key] = mesh }
        return true
    }

    static func sameBytes(_ a: TriangleMesh, _ b: TriangleMesh) -> Bool {
        guard a.positions.count == b.positions.count, a.indices.count == b.indices.count else { return false }
        return a.positions.withUnsafeBytes { pa in b.positions.withUnsafeBytes { pb in same(pa, pb) } }
            && a.indices.withUnsafeBytes { ia in b.indices.withUnsafeBytes { ib in same(ia, ib) } }
    }

    private static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return a.count == 0 }
        return memcmp(pa, pb, a.count) == 0
    }
}
