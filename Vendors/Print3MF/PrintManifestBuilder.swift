import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Builds print-manifest.json's content from a plan and what the stage 3MFs were written with.
enum PrintManifestBuilder {
    static func manifest(_ plan: TreatmentPlan, stages: [[PrintManifest.StageRecord]]) -> PrintManifest {
        let m = plan.metadata
        return PrintManifest(
            format: Print3MFFormat.formatName, formatVersion: Print3MFFormat.version, unit: ThreeMFUnit.millimeter.rawValue,
            case: CaseRecord(m),
            arches: zip(plan.arches, stages).map { arch($0, stages: $1) })
    }

    static func arch(_ arch: Arch, stages: [PrintManifest.StageRecord]) -> PrintManifest.ArchRecord {
        PrintManifest.ArchRecord(
            jaw: arch.jaw.rawValue,
            gingiva: arch.gingiva.map { record($0, Print3MFFormat.gingivaObjectName) },
            teeth: arch.teeth.map { t in
                PrintManifest.ToothRecord(
                    fdi: t.id.fdi, status: t.status.rawValue,
                    crown: t.crown.map { record($0, Print3MFFormat.crownObjectName(t.id)) },
                    frame: .init(origin: array(t.frame.origin), longAxis: array(t.frame.longAxis),
                                 mesialAxis: array(t.frame.mesialAxis), facialAxis: array(t.frame.facialAxis)))
            },
            attachments: arch.attachments.map { a in
                PrintManifest.AttachmentRecord(
                    tooth: a.tooth.fdi, kind: a.template.kind.rawValue, widthMM: a.template.widthMM,
                    heightMM: a.template.heightMM, depthMM: a.template.depthMM,
                    placement: .init(rotation: array(a.placement.rotation), translation: array(a.placement.translation)),
                    stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved, object: Print3MFFormat.attachmentObjectName(a))
            },
            ipr: arch.ipr.map { .init(contact: [$0.contact.first.fdi, $0.contact.second.fdi], amountMM: $0.amountMM, beforeStage: $0.beforeStage) },
            stages: stages)
    }

    /// The manifest's record of one stage 3MF, from the model written.
    static func stage(_ stage: Stage, arch: Arch, file: String, label: String, model: ThreeMFModel,
                      attachments: [Int]) -> PrintManifest.StageRecord {
        let poses = StageBaker.orderedCrowns(arch).map(\.id).map { id in
            let pose = arch.pose(of: id, atStage: stage.index)
            return PrintManifest.PoseRecord(tooth: id.fdi, rotation: array(pose.rotation), translation: array(pose.translation),
                                            transform: ThreeMFTransform(pose).values)
        }
        return PrintManifest.StageRecord(index: stage.index, passive: stage.isPassive, overcorrection: stage.isOvercorrection,
                                         file: file, label: label, buildItems: model.build.count,
                                         components: model.build.first.flatMap { model.object(id: $0.objectID) }?.components.count ?? 0,
                                         triangles: model.triangleCount, attachments: attachments, poses: poses)
    }

    static func record(_ mesh: TriangleMesh, _ object: String) -> PrintManifest.MeshRecord {
        PrintManifest.MeshRecord(object: object, vertices: mesh.vertexCount, triangles: mesh.triangleCount, sha256: mesh.contentHash)
    }

    static func array(_ v: Vector3) -> [Double] { [v.x, v.y, v.z] }
    static func array(_ q: Quaternion) -> [Double] { [q.w, q.x, q.y, q.z] }
}
