import Foundation
import PlanModel
import VendorKit

/// What the writer knows about one arch before baking anything: file names and every model's layout.
struct ArchExport {
    let arch: Arch
    /// Per stage (in the plan's stage order): file name and layout.
    let stages: [(index: Int, file: String, layout: ModelLayout)]
    let templateFile: String
    let templateLayout: ModelLayout

    init(_ arch: Arch) {
        self.arch = arch
        let solids = arch.attachments.map { $0.template.mesh().triangleCount }
        let digits = StageNaming.digits(for: arch)
        stages = arch.stages.map { s in
            (s.index, GenericSTLFormat.stagePath(arch.jaw, stage: s.index, digits: digits),
             ModelLayout.stage(arch, s.index, attachmentTriangles: solids))
        }
        templateFile = GenericSTLFormat.templatePath(arch.jaw)
        templateLayout = ModelLayout.template(arch, attachmentTriangles: solids)
    }

    /// Every STL of the arch in archive order: the stages, then the attachment template.
    var files: [String] { stages.map(\.file) + [templateFile] }
}

/// Plan → manifest.json's document.
enum ManifestBuilder {
    static func manifest(_ plan: TreatmentPlan, _ arches: [ArchExport]) -> GenericSTLManifest {
        let m = plan.metadata
        return GenericSTLManifest(
            format: GenericSTLFormat.formatName, formatVersion: GenericSTLFormat.version,
            units: GenericSTLFormat.units, numbering: GenericSTLFormat.numbering,
            case: CaseRecord(m),
            arches: arches.map(arch))
    }

    static func arch(_ export: ArchExport) -> GenericSTLManifest.ArchDocument {
        let arch = export.arch
        // Crowns and gingiva sit at the same place in every model (attachments come after them).
        let fixed = export.templateLayout.parts
        func range(_ part: ModelLayout.Part?) -> GenericSTLManifest.TriangleRange? {
            part.map { .init(firstTriangle: $0.firstTriangle, triangleCount: $0.triangleCount) }
        }
        return GenericSTLManifest.ArchDocument(
            jaw: arch.jaw.rawValue,
            teeth: arch.teeth.map { t in
                GenericSTLManifest.ToothDocument(
                    fdi: t.id.fdi, status: t.status.rawValue,
                    frame: .init(origin: array(t.frame.origin), longAxis: array(t.frame.longAxis),
                                 mesialAxis: array(t.frame.mesialAxis), facialAxis: array(t.frame.facialAxis)),
                    crown: range(fixed.first { $0.kind == .crown && $0.tooth == t.id }))
            },
            gingiva: range(fixed.first { $0.kind == .gingiva }),
            stages: zip(arch.stages, export.stages).map { stage, out in
                GenericSTLManifest.StageDocument(
                    index: stage.index, passive: stage.isPassive, overcorrection: stage.isOvercorrection,
                    file: out.file, triangles: out.layout.triangleCount, attachments: out.layout.attachmentParts,
                    poses: stage.poses.sorted { $0.key < $1.key }.map { tooth, pose in
                        .init(tooth: tooth.fdi, rotation: array(pose.rotation), translation: array(pose.translation))
                    })
            },
            attachmentTemplate: .init(file: export.templateFile, triangles: export.templateLayout.triangleCount,
                                      attachments: export.templateLayout.attachmentParts),
            attachments: arch.attachments.map { a in
                .init(tooth: a.tooth.fdi, kind: a.template.kind.rawValue, widthMM: a.template.widthMM,
                      heightMM: a.template.heightMM, depthMM: a.template.depthMM,
                      placement: .init(rotation: array(a.placement.rotation), translation: array(a.placement.translation)),
                      stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved)
            },
            ipr: arch.ipr.map { e in
                .init(contact: [e.contact.first.fdi, e.contact.second.fdi], amountMM: e.amountMM, beforeStage: e.beforeStage)
            })
    }

    static func array(_ v: Vector3) -> [Double] { [v.x, v.y, v.z] }
    static func array(_ q: Quaternion) -> [Double] { [q.w, q.x, q.y, q.z] }
}
