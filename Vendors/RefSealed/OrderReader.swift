import Foundation
import VendorKit
import PlanModel

/// What order.json says, as model values: the case, and per arch its stages (flags, no poses), the
/// attachments and IPR, and the model files with their triangle counts (FORMAT.md, "Intake").
struct OrderContents {
    var metadata: CaseMetadata
    var arches: [Arch]
    var models: [ModelReference]

    /// One STL the order lists.
    struct ModelReference: Equatable {
        var file: String
        var field: String
        var triangles: Int
        var arch: Int
        /// The stage index; nil for the attachment template.
        var stage: Int?
    }
}

/// order.json's document → `OrderContents`; every refusal names the key path.
enum OrderReader {
    static func read(_ d: OrderDocument) throws(ManifestError) -> OrderContents {
        try ManifestError.expect(d.format, is: RefSealedFormat.formatName, field: "format")
        _ = try FormatVersion.gate(d.formatVersion, reader: RefSealedFormat.version, field: "formatVersion")
        try ManifestError.expect(d.units, is: RefSealedFormat.units, field: "units")
        try ManifestError.expect(d.numbering, is: RefSealedFormat.numbering, field: "numbering")
        let metadata = try d.case.metadata()
        var arches: [Arch] = []
        var models: [OrderContents.ModelReference] = []
        for (i, a) in d.arches.enumerated() {
            let field = "arches[\(i)]"
            guard let jaw = Jaw(rawValue: a.jaw) else { throw ManifestError(field: "\(field).jaw", detail: "'\(a.jaw)' is not upper or lower") }
            guard !arches.contains(where: { $0.jaw == jaw }) else { throw ManifestError(field: "\(field).jaw", detail: "a second \(jaw.rawValue) arch") }
            // An unsegmented format: no teeth, and stages without poses (docs: FORMAT.md, "Intake").
            var arch = Arch(jaw: jaw, teeth: [], stages: [])
            for (s, stage) in a.stages.enumerated() {
                let sf = "\(field).stages[\(s)]"
                guard stage.index >= 0 else { throw ManifestError(field: "\(sf).index", detail: "stage indices start at 0") }
                guard !arch.stages.contains(where: { $0.index == stage.index }) else {
                    throw ManifestError(field: "\(sf).index", detail: "stage \(stage.index) listed twice")
                }
                arch.stages.append(Stage(index: stage.index, isPassive: stage.passive, isOvercorrection: stage.overcorrection))
                models.append(try model(stage.model, stage.triangles, "\(sf)", arch: i, stage: stage.index))
            }
            if let t = a.template { models.append(try model(t.model, t.triangles, "\(field).template", arch: i, stage: nil)) }
            arch.attachments = try a.attachments.enumerated().map { (k, doc) throws(ManifestError) in
                try attachment(doc, "\(field).attachments[\(k)]")
            }
            arch.ipr = try a.ipr.enumerated().map { (k, doc) throws(ManifestError) in try ipr(doc, "\(field).ipr[\(k)]") }
            arches.append(arch)
        }
        var seen = Set<String>()
        for m in models where !seen.insert(m.file).inserted {
            throw ManifestError(field: "\(m.field).model", detail: "'\(m.file)' is listed twice")
        }
        return OrderContents(metadata: metadata, arches: arches, models: models)
    }

    static func model(_ file: String, _ triangles: Int, _ field: String, arch: Int, stage: Int?) throws(ManifestError) -> OrderContents.ModelReference {
        guard file.hasSuffix(".stl") else { throw ManifestError(field: "\(field).model", detail: "'\(file)' is not an .stl file") }
        guard triangles >= 0 else { throw ManifestError(field: "\(field).triangles", detail: "a triangle count cannot be negative") }
        return .init(file: file, field: field, triangles: triangles, arch: arch, stage: stage)
    }

    static func attachment(_ a: OrderDocument.AttachmentDocument, _ field: String) throws(ManifestError) -> Attachment {
        let tooth = try self.tooth(a.tooth, "\(field).tooth")
        guard let kind = AttachmentKind(rawValue: a.kind) else { throw ManifestError(field: "\(field).kind", detail: "'\(a.kind)' is not an attachment kind") }
        guard RefSealedAdapter.attachmentKinds.contains(kind) else {
            throw ManifestError(field: "\(field).kind", detail: "\(kind.rawValue) is not in ref-sealed's attachment library")
        }
        let r = a.placement.rotation, t = a.placement.translation
        guard r.count == 4 else { throw ManifestError(field: "\(field).placement.rotation", detail: "\(r.count) numbers; a quaternion [w, x, y, z] has 4") }
        guard t.count == 3 else { throw ManifestError(field: "\(field).placement.translation", detail: "\(t.count) numbers; [x, y, z] has 3") }
        let placement = RigidTransform(rotation: Quaternion(w: r[0], x: r[1], y: r[2], z: r[3]), translation: Vector3(t[0], t[1], t[2]))
        return Attachment(tooth: tooth, template: AttachmentTemplate(kind: kind, widthMM: a.widthMM, heightMM: a.heightMM, depthMM: a.depthMM),
                          placement: placement, stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved)
    }

    static func ipr(_ e: OrderDocument.IPRDocument, _ field: String) throws(ManifestError) -> IPREvent {
        guard e.contact.count == 2 else { throw ManifestError(field: "\(field).contact", detail: "\(e.contact.count) teeth; a contact has 2") }
        let a = try tooth(e.contact[0], "\(field).contact[0]"), b = try tooth(e.contact[1], "\(field).contact[1]")
        return IPREvent(contact: ToothContact(a, b), amountMM: e.amountMM, beforeStage: e.beforeStage)
    }

    static func tooth(_ fdi: Int, _ field: String) throws(ManifestError) -> ToothID {
        do { return try ToothID(fdi: fdi) } catch { throw ManifestError(field: field, detail: error.description) }
    }
}
