import Foundation
import PlanModel

/// Converts plan.json's plain values into model values, refusing anything malformed with the field's path.
struct ValueReader {
    let file: String

    func fail(_ field: String, _ detail: String) -> PlanPackageError {
        PlanPackageError(file: file, reason: .invalidValue(field: field, detail: detail))
    }

    func metadata(_ c: CaseRecord) throws(PlanPackageError) -> CaseMetadata {
        guard let metadata = c.metadata else { throw fail("case.created", "'\(c.created)' is not an ISO 8601 date-time") }
        return metadata
    }

    func arch(_ a: PlanDocument.ArchDocument, at field: String,
              mesh: (PlanDocument.MeshReference, String) throws(PlanPackageError) -> TriangleMesh) throws(PlanPackageError) -> Arch {
        guard let jaw = Jaw(rawValue: a.jaw) else { throw fail("\(field).jaw", "'\(a.jaw)' is not upper or lower") }
        var teeth: [Tooth] = []
        for (i, t) in a.teeth.enumerated() {
            let f = "\(field).teeth[\(i)]"
            guard let status = ToothStatus(rawValue: t.status) else {
                throw fail("\(f).status", "'\(t.status)' is not one of \(ToothStatus.allCases.map(\.rawValue))")
            }
            let crown: TriangleMesh?
            if let ref = t.crown { crown = try mesh(ref, "\(f).crown") } else { crown = nil }
            let frame = CrownFrame(origin: try vector(t.frame.origin, "\(f).frame.origin"),
                                   longAxis: try vector(t.frame.longAxis, "\(f).frame.longAxis"),
                                   mesialAxis: try vector(t.frame.mesialAxis, "\(f).frame.mesialAxis"),
                                   facialAxis: try vector(t.frame.facialAxis, "\(f).frame.facialAxis"))
            teeth.append(Tooth(id: try tooth(t.fdi, "\(f).fdi"), status: status, crown: crown, frame: frame))
        }
        var stages: [Stage] = []
        for (s, st) in a.stages.enumerated() {
            let f = "\(field).stages[\(s)]"
            var poses: [ToothID: RigidTransform] = [:]
            for (p, pose) in st.poses.enumerated() {
                let id = try tooth(pose.tooth, "\(f).poses[\(p)].tooth")
                guard poses[id] == nil else { throw fail("\(f).poses[\(p)].tooth", "tooth \(id) has two poses") }
                poses[id] = RigidTransform(rotation: try quaternion(pose.rotation, "\(f).poses[\(p)].rotation"),
                                           translation: try vector(pose.translation, "\(f).poses[\(p)].translation"))
            }
            stages.append(Stage(index: st.index, poses: poses, isPassive: st.passive, isOvercorrection: st.overcorrection))
        }
        var attachments: [Attachment] = []
        for (i, at) in a.attachments.enumerated() {
            let f = "\(field).attachments[\(i)]"
            guard let kind = AttachmentKind(rawValue: at.kind) else {
                throw fail("\(f).kind", "'\(at.kind)' is not an attachment kind")
            }
            let placement = RigidTransform(rotation: try quaternion(at.placement.rotation, "\(f).placement.rotation"),
                                           translation: try vector(at.placement.translation, "\(f).placement.translation"))
            attachments.append(Attachment(
                tooth: try tooth(at.tooth, "\(f).tooth"),
                template: AttachmentTemplate(kind: kind, widthMM: try finite(at.widthMM, "\(f).widthMM"),
                                             heightMM: try finite(at.heightMM, "\(f).heightMM"),
                                             depthMM: try finite(at.depthMM, "\(f).depthMM"), label: try label(at.label, "\(f).label")),
                placement: placement, stagePlaced: at.stagePlaced, stageRemoved: at.stageRemoved))
        }
        var ipr: [IPREvent] = []
        for (i, e) in a.ipr.enumerated() {
            let f = "\(field).ipr[\(i)]"
            guard e.contact.count == 2 else { throw fail("\(f).contact", "needs exactly two teeth") }
            ipr.append(IPREvent(contact: ToothContact(try tooth(e.contact[0], "\(f).contact[0]"),
                                                      try tooth(e.contact[1], "\(f).contact[1]")),
                                amountMM: try finite(e.amountMM, "\(f).amountMM"), beforeStage: e.beforeStage))
        }
        let gingiva: TriangleMesh?
        if let ref = a.gingiva { gingiva = try mesh(ref, "\(field).gingiva") } else { gingiva = nil }
        return Arch(jaw: jaw, teeth: teeth, gingiva: gingiva, stages: stages, attachments: attachments, ipr: ipr)
    }

    func tooth(_ fdi: Int, _ field: String) throws(PlanPackageError) -> ToothID {
        do { return try ToothID(fdi: fdi) } catch { throw fail(field, error.description) }
    }

    /// A kind's label is for people: one line of printable text, 1…`PlanFormat.maxLabelLength` characters.
    func label(_ text: String?, _ field: String) throws(PlanPackageError) -> String? {
        guard let text else { return nil }
        guard !text.isEmpty, text.count <= PlanFormat.maxLabelLength else {
            throw fail(field, "must be 1…\(PlanFormat.maxLabelLength) characters, found \(text.count)")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail(field, "contains control characters")
        }
        return text
    }

    func finite(_ v: Double, _ field: String) throws(PlanPackageError) -> Double {
        guard v.isFinite else { throw fail(field, "not a finite number") }
        return v
    }

    func vector(_ v: [Double], _ field: String) throws(PlanPackageError) -> Vector3 {
        guard v.count == 3 else { throw fail(field, "needs 3 numbers, found \(v.count)") }
        guard v.allSatisfy(\.isFinite) else { throw fail(field, "not finite numbers") }
        return Vector3(v[0], v[1], v[2])
    }

    /// Kept as written (not normalized) so validation can report a non-unit rotation and the round trip is exact.
    func quaternion(_ v: [Double], _ field: String) throws(PlanPackageError) -> Quaternion {
        guard v.count == 4 else { throw fail(field, "needs 4 numbers [w, x, y, z], found \(v.count)") }
        guard v.allSatisfy(\.isFinite) else { throw fail(field, "not finite numbers") }
        return Quaternion(w: v[0], x: v[1], y: v[2], z: v[3])
    }
}
