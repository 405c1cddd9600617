import Foundation
import VendorKit
import PlanModel

/// One STL the manifest lists, and which triangles of it are which part.
struct ModelIntake {
    var file: String
    /// Its key path in the manifest (for errors).
    var field: String
    /// The stage, or nil for the attachment template.
    var stage: Int?
    var triangles: Int
    /// Attachment solids: index into the arch's attachments, and their triangles.
    var attachments: [(attachment: Int, range: Range<Int>)]
}

/// One arch as the manifest describes it: the plan's arch without meshes, and where the meshes are.
struct ArchIntake {
    /// Teeth without crowns and no gingiva until the base model has been read.
    var arch: Arch
    /// (index into `arch.teeth`, the crown's triangles in every model).
    var crowns: [(tooth: Int, range: Range<Int>)]
    var gingiva: Range<Int>?
    /// The stage models (manifest order), then the attachment template.
    var models: [ModelIntake]
    /// The model crowns and gingiva are taken from: stage 0 (or the first stage listed if there is none).
    var base: Int?
}

/// The manifest's plain values → model values, refusing anything malformed with the field's path
/// (FORMAT.md, "Intake"). Structural rules about the plan itself are `PlanValidator`'s, not this reader's.
enum ManifestReader {
    typealias Fail = ManifestError

    static func read(_ m: GenericSTLManifest) throws(Fail) -> (CaseMetadata, [ArchIntake]) {
        try Fail.expect(m.format, is: GenericSTLFormat.formatName, field: "format")
        _ = try FormatVersion.gate(m.formatVersion, reader: GenericSTLFormat.version, field: "formatVersion")
        try Fail.expect(m.units, is: GenericSTLFormat.units, field: "units")
        try Fail.expect(m.numbering, is: GenericSTLFormat.numbering, field: "numbering")
        let metadata = try m.case.metadata()
        var arches: [ArchIntake] = []
        var files: Set<String> = [GenericSTLFormat.manifestPath]
        files.formUnion(GenericSTLFormat.derivedPaths)
        for (i, a) in m.arches.enumerated() {
            let intake = try arch(a, "arches[\(i)]")
            for model in intake.models {
                guard model.file.hasSuffix(".stl"), files.insert(model.file).inserted else {
                    throw Fail(field: "\(model.field).file", detail: "'\(model.file)' must be a .stl file named once in the manifest")
                }
            }
            arches.append(intake)
        }
        return (metadata, arches)
    }

    static func arch(_ a: GenericSTLManifest.ArchDocument, _ field: String) throws(Fail) -> ArchIntake {
        guard let jaw = Jaw(rawValue: a.jaw) else { throw Fail(field: "\(field).jaw", detail: "'\(a.jaw)' is not upper or lower") }
        var teeth: [Tooth] = []
        var crowns: [(tooth: Int, range: Range<Int>)] = []
        for (i, t) in a.teeth.enumerated() {
            let f = "\(field).teeth[\(i)]"
            guard let status = ToothStatus(rawValue: t.status) else {
                throw Fail(field: "\(f).status", detail: "'\(t.status)' is not one of \(ToothStatus.allCases.map(\.rawValue))")
            }
            let frame = CrownFrame(origin: try vector(t.frame.origin, "\(f).frame.origin"),
                                   longAxis: try vector(t.frame.longAxis, "\(f).frame.longAxis"),
                                   mesialAxis: try vector(t.frame.mesialAxis, "\(f).frame.mesialAxis"),
                                   facialAxis: try vector(t.frame.facialAxis, "\(f).frame.facialAxis"))
            teeth.append(Tooth(id: try tooth(t.fdi, "\(f).fdi"), status: status, crown: nil, frame: frame))
            if let r = t.crown { crowns.append((i, try range(r.firstTriangle, r.triangleCount, "\(f).crown"))) }
        }
        let gingiva = try a.gingiva.map { (r) throws(Fail) in try range(r.firstTriangle, r.triangleCount, "\(field).gingiva") }
        var attachments: [Attachment] = []
        for (i, at) in a.attachments.enumerated() {
            let f = "\(field).attachments[\(i)]"
            // An unknown kind has no solid to compare the baked model with, so the format does not carry it.
            guard let kind = AttachmentKind(rawValue: at.kind), kind != .unknown else { throw Fail(field: "\(f).kind", detail: "'\(at.kind)' is not an attachment kind of generic-stl's library") }
            attachments.append(Attachment(
                tooth: try tooth(at.tooth, "\(f).tooth"),
                template: AttachmentTemplate(kind: kind, widthMM: try finite(at.widthMM, "\(f).widthMM"),
                                             heightMM: try finite(at.heightMM, "\(f).heightMM"),
                                             depthMM: try finite(at.depthMM, "\(f).depthMM")),
                placement: RigidTransform(rotation: try quaternion(at.placement.rotation, "\(f).placement.rotation"),
                                          translation: try vector(at.placement.translation, "\(f).placement.translation")),
                stagePlaced: at.stagePlaced, stageRemoved: at.stageRemoved))
        }
        var ipr: [IPREvent] = []
        for (i, e) in a.ipr.enumerated() {
            let f = "\(field).ipr[\(i)]"
            guard e.contact.count == 2 else { throw Fail(field: "\(f).contact", detail: "needs exactly two teeth") }
            ipr.append(IPREvent(contact: ToothContact(try tooth(e.contact[0], "\(f).contact[0]"), try tooth(e.contact[1], "\(f).contact[1]")),
                                amountMM: try finite(e.amountMM, "\(f).amountMM"), beforeStage: e.beforeStage))
        }
        var stages: [Stage] = []
        var models: [ModelIntake] = []
        for (s, st) in a.stages.enumerated() {
            let f = "\(field).stages[\(s)]"
            var poses: [ToothID: RigidTransform] = [:]
            for (p, pose) in st.poses.enumerated() {
                let id = try tooth(pose.tooth, "\(f).poses[\(p)].tooth")
                guard poses[id] == nil else { throw Fail(field: "\(f).poses[\(p)].tooth", detail: "tooth \(id) has two poses") }
                poses[id] = RigidTransform(rotation: try quaternion(pose.rotation, "\(f).poses[\(p)].rotation"),
                                           translation: try vector(pose.translation, "\(f).poses[\(p)].translation"))
            }
            stages.append(Stage(index: st.index, poses: poses, isPassive: st.passive, isOvercorrection: st.overcorrection))
            let active = attachments.indices.filter { i in
                attachments[i].isActive(atStage: st.index) && teeth.contains { $0.id == attachments[i].tooth }
            }
            models.append(try model(file: st.file, triangles: st.triangles, parts: st.attachments, field: f, stage: st.index,
                                    expected: active, crowns: crowns.map(\.range), gingiva: gingiva))
        }
        let everyAttachment = attachments.indices.filter { i in teeth.contains { $0.id == attachments[i].tooth } }
        let t = a.attachmentTemplate
        models.append(try model(file: t.file, triangles: t.triangles, parts: t.attachments, field: "\(field).attachmentTemplate",
                                stage: nil, expected: everyAttachment, crowns: crowns.map(\.range), gingiva: gingiva))
        guard !stages.isEmpty || (crowns.isEmpty && gingiva == nil) else {
            throw Fail(field: "\(field).stages", detail: "is empty, but crowns and gingiva are read from the stage-0 model")
        }
        let base = stages.firstIndex { $0.index == 0 } ?? (stages.isEmpty ? nil : 0)
        let arch = Arch(jaw: jaw, teeth: teeth, gingiva: nil, stages: stages, attachments: attachments, ipr: ipr)
        return ArchIntake(arch: arch, crowns: crowns, gingiva: gingiva, models: models, base: base)
    }

    /// One model's entry: its attachment solids must be the ones bonded then, and crowns, gingiva and
    /// solids must tile the triangles exactly (no gap, no overlap, nothing past the end).
    static func model(file: String, triangles: Int, parts: [GenericSTLManifest.AttachmentPart], field: String, stage: Int?,
                      expected: [Int], crowns: [Range<Int>], gingiva: Range<Int>?) throws(Fail) -> ModelIntake {
        var solids: [(attachment: Int, range: Range<Int>)] = []
        for (i, p) in parts.enumerated() {
            solids.append((p.attachment, try range(p.firstTriangle, p.triangleCount, "\(field).attachments[\(i)]")))
        }
        guard solids.map(\.attachment) == expected else {
            let what = stage.map { "at stage \($0)" } ?? "in the template (all of them)"
            throw Fail(field: "\(field).attachments", detail: "lists attachments \(solids.map(\.attachment)); the attachments bonded \(what) are \(expected)")
        }
        let ranges = (crowns + (gingiva.map { [$0] } ?? []) + solids.map(\.range)).sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        var next = 0
        for r in ranges {
            guard r.lowerBound == next else {
                throw Fail(field: "\(field).triangles", detail: "the parts do not tile the model: triangle \(next) is \(r.lowerBound < next ? "claimed twice" : "in no part")")
            }
            next = r.upperBound
        }
        guard triangles == next else {
            throw Fail(field: "\(field).triangles", detail: "is \(triangles) but the parts (crowns, gingiva, attachments) add up to \(next)")
        }
        return ModelIntake(file: file, field: field, stage: stage, triangles: triangles, attachments: solids)
    }

    static func range(_ first: Int, _ count: Int, _ field: String) throws(Fail) -> Range<Int> {
        guard first >= 0, count >= 0, first <= Int(Int32.max), count <= Int(Int32.max) else {
            throw Fail(field: field, detail: "firstTriangle \(first) and triangleCount \(count) must be non-negative")
        }
        return first..<(first + count)
    }

    static func tooth(_ fdi: Int, _ field: String) throws(Fail) -> ToothID {
        do { return try ToothID(fdi: fdi) } catch { throw Fail(field: field, detail: error.description) }
    }

    static func finite(_ v: Double, _ field: String) throws(Fail) -> Double {
        guard v.isFinite else { throw Fail(field: field, detail: "not a finite number") }
        return v
    }

    static func vector(_ v: [Double], _ field: String) throws(Fail) -> Vector3 {
        guard v.count == 3 else { throw Fail(field: field, detail: "needs 3 numbers, found \(v.count)") }
        guard v.allSatisfy(\.isFinite) else { throw Fail(field: field, detail: "not finite numbers") }
        return Vector3(v[0], v[1], v[2])
    }

    /// Kept as written (not normalized) so validation can report a non-unit rotation and the round trip is exact.
    static func quaternion(_ v: [Double], _ field: String) throws(Fail) -> Quaternion {
        guard v.count == 4 else { throw Fail(field: field, detail: "needs 4 numbers [w, x, y, z], found \(v.count)") }
        guard v.allSatisfy(\.isFinite) else { throw Fail(field: field, detail: "not finite numbers") }
        return Quaternion(w: v[0], x: v[1], y: v[2], z: v[3])
    }
}
