import Foundation
import MeshIO
import PlanModel
import VendorKit

/// What print-manifest.json says, checked value by value and turned into plan values: everything but
/// the meshes and poses, which come from the stage 3MFs.
struct ManifestPlan {
    var metadata: CaseMetadata
    var arches: [ArchPart]
    /// How the stage 3MFs hold their parts (from the manifest's formatVersion).
    var layout: StagePartLayout = .archModel

    struct ArchPart {
        var jaw: Jaw
        var gingiva: PrintManifest.MeshRecord?
        var teeth: [ToothPart]
        var attachments: [Attachment]
        /// The object name of each attachment's solid.
        var attachmentObjects: [String]
        var ipr: [IPREvent]
        var stages: [StagePart]
    }

    struct ToothPart {
        var id: ToothID
        var status: ToothStatus
        var frame: CrownFrame
        var crown: PrintManifest.MeshRecord?
    }

    struct StagePart {
        var index: Int
        var passive: Bool
        var overcorrection: Bool
        var file: String
        var attachments: [Int]
        /// The manifest's pose of each crown: as the plan states it, and as the 3MF writes it.
        var poses: [ToothID: (pose: RigidTransform, transform: ThreeMFTransform)]
    }
}

/// Where a stage 3MF's parts are: components of one arch model (1.1 and later), or build items of their
/// own (1.0).
enum StagePartLayout: Equatable {
    case archModel
    case itemPerPart
}

enum ManifestValues {
    static func plan(_ m: PrintManifest) throws(ManifestError) -> ManifestPlan {
        try ManifestError.expect(m.format, is: Print3MFFormat.formatName, field: "format")
        let version = try FormatVersion.gate(m.formatVersion, reader: Print3MFFormat.version, field: "formatVersion")
        try ManifestError.expect(m.unit, is: ThreeMFUnit.millimeter.rawValue, field: "unit")
        let metadata = try m.case.metadata()
        var arches: [ManifestPlan.ArchPart] = []
        var files = Set<String>()
        for (i, a) in m.arches.enumerated() {
            arches.append(try arch(a, at: "arches[\(i)]", files: &files))
        }
        return ManifestPlan(metadata: metadata, arches: arches, layout: version <= FormatVersion(major: 1, minor: 0) ? .itemPerPart : .archModel)
    }

    static func arch(_ a: PrintManifest.ArchRecord, at path: String, files: inout Set<String>) throws(ManifestError) -> ManifestPlan.ArchPart {
        guard let jaw = Jaw(rawValue: a.jaw) else { throw ManifestError(field: "\(path).jaw", detail: "'\(a.jaw)' is not upper or lower") }
        var teeth: [ManifestPlan.ToothPart] = []
        for (i, t) in a.teeth.enumerated() {
            let at = "\(path).teeth[\(i)]"
            guard let status = ToothStatus(rawValue: t.status) else { throw ManifestError(field: "\(at).status", detail: "unknown status '\(t.status)'") }
            let frame = CrownFrame(origin: try vector(t.frame.origin, "\(at).frame.origin"), longAxis: try vector(t.frame.longAxis, "\(at).frame.longAxis"),
                                   mesialAxis: try vector(t.frame.mesialAxis, "\(at).frame.mesialAxis"),
                                   facialAxis: try vector(t.frame.facialAxis, "\(at).frame.facialAxis"))
            teeth.append(.init(id: try tooth(t.fdi, "\(at).fdi"), status: status, frame: frame, crown: t.crown))
        }
        var attachments: [Attachment] = []
        for (i, r) in a.attachments.enumerated() {
            let at = "\(path).attachments[\(i)]"
            // An unknown kind has no template solid to check the 3MF's object against, so the format does not carry it.
            guard let kind = AttachmentKind(rawValue: r.kind), kind != .unknown else { throw ManifestError(field: "\(at).kind", detail: "'\(r.kind)' is not an attachment kind of print-3mf's library") }
            attachments.append(Attachment(
                tooth: try tooth(r.tooth, "\(at).tooth"),
                template: AttachmentTemplate(kind: kind, widthMM: r.widthMM, heightMM: r.heightMM, depthMM: r.depthMM),
                placement: RigidTransform(rotation: try quaternion(r.placement.rotation, "\(at).placement.rotation"),
                                          translation: try vector(r.placement.translation, "\(at).placement.translation")),
                stagePlaced: r.stagePlaced, stageRemoved: r.stageRemoved))
        }
        var ipr: [IPREvent] = []
        for (i, e) in a.ipr.enumerated() {
            let at = "\(path).ipr[\(i)]"
            guard e.contact.count == 2 else { throw ManifestError(field: "\(at).contact", detail: "needs two teeth") }
            ipr.append(IPREvent(contact: ToothContact(try tooth(e.contact[0], at), try tooth(e.contact[1], at)),
                                amountMM: e.amountMM, beforeStage: e.beforeStage))
        }
        var stages: [ManifestPlan.StagePart] = []
        for (i, s) in a.stages.enumerated() {
            let at = "\(path).stages[\(i)]"
            guard !s.file.isEmpty, files.insert(s.file).inserted else { throw ManifestError(field: "\(at).file", detail: "'\(s.file)' is empty or used twice") }
            guard s.attachments.allSatisfy({ attachments.indices.contains($0) }) else {
                throw ManifestError(field: "\(at).attachments", detail: "an index past the arch's \(attachments.count) attachments")
            }
            var poses: [ToothID: (pose: RigidTransform, transform: ThreeMFTransform)] = [:]
            for (j, p) in s.poses.enumerated() {
                let field = "\(at).poses[\(j)]"
                guard let t = ThreeMFTransform(values: p.transform), p.transform.allSatisfy(\.isFinite) else {
                    throw ManifestError(field: "\(field).transform", detail: "needs 12 finite numbers")
                }
                let pose = RigidTransform(rotation: try quaternion(p.rotation, "\(field).rotation"),
                                          translation: try vector(p.translation, "\(field).translation"))
                poses[try tooth(p.tooth, "\(field).tooth")] = (pose, t)
            }
            stages.append(.init(index: s.index, passive: s.passive, overcorrection: s.overcorrection, file: s.file,
                                attachments: s.attachments, poses: poses))
        }
        return ManifestPlan.ArchPart(jaw: jaw, gingiva: a.gingiva, teeth: teeth, attachments: attachments,
                                     attachmentObjects: a.attachments.map(\.object), ipr: ipr, stages: stages)
    }

    static func tooth(_ fdi: Int, _ field: String) throws(ManifestError) -> ToothID {
        do { return try ToothID(fdi: fdi) } catch { throw ManifestError(field: field, detail: "\(fdi) is not an FDI tooth number") }
    }

    static func vector(_ v: [Double], _ field: String) throws(ManifestError) -> Vector3 {
        guard v.count == 3, v.allSatisfy(\.isFinite) else { throw ManifestError(field: field, detail: "needs 3 finite numbers") }
        return Vector3(v[0], v[1], v[2])
    }

    static func quaternion(_ v: [Double], _ field: String) throws(ManifestError) -> Quaternion {
        guard v.count == 4, v.allSatisfy(\.isFinite) else { throw ManifestError(field: field, detail: "needs 4 finite numbers [w, x, y, z]") }
        return Quaternion(w: v[0], x: v[1], y: v[2], z: v[3])
    }
}
