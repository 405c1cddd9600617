import PlanModel
import VendorKit

/// The plan as order.json describes it, and the models the archive holds (FORMAT.md, "order.json"):
/// attachments of kinds the format cannot carry are left out of both (the check warned about them).
enum OrderBuilder {
    /// One baked model to write: which arch, and which stage (nil for the attachment template).
    struct ModelJob {
        var file: String
        var triangles: Int
        var arch: Arch
        var stage: Int?
    }

    static func build(_ plan: TreatmentPlan, kinds: Set<AttachmentKind>) -> (OrderDocument, [ModelJob]) {
        var arches: [OrderDocument.ArchDocument] = []
        var jobs: [ModelJob] = []
        for original in plan.arches {
            let arch = carried(original, kinds: kinds)
            let digits = StageNaming.digits(for: arch)
            var stages: [OrderDocument.StageDocument] = []
            for stage in arch.stages {
                let file = RefSealedFormat.stagePath(arch.jaw, stage: stage.index, digits: digits)
                let triangles = StageBaker.triangleCount(arch, stage: stage.index)
                stages.append(.init(index: stage.index, passive: stage.isPassive, overcorrection: stage.isOvercorrection,
                                    model: file, triangles: triangles))
                jobs.append(ModelJob(file: file, triangles: triangles, arch: arch, stage: stage.index))
            }
            var template: OrderDocument.ModelDocument?
            if !arch.stages.isEmpty {
                let file = RefSealedFormat.templatePath(arch.jaw)
                let triangles = StageBaker.triangleCount(arch, stage: nil)
                template = .init(model: file, triangles: triangles)
                jobs.append(ModelJob(file: file, triangles: triangles, arch: arch, stage: nil))
            }
            arches.append(.init(jaw: arch.jaw.rawValue, stages: stages, template: template,
                                attachments: arch.attachments.map(attachment), ipr: arch.ipr.map(ipr)))
        }
        let m = plan.metadata
        let document = OrderDocument(
            format: RefSealedFormat.formatName, formatVersion: RefSealedFormat.version, units: RefSealedFormat.units,
            numbering: RefSealedFormat.numbering,
            case: CaseRecord(m),
            arches: arches)
        return (document, jobs)
    }

    /// The arch with only the attachments the format carries: those are what gets baked and listed.
    static func carried(_ arch: Arch, kinds: Set<AttachmentKind>) -> Arch {
        var a = arch
        a.attachments = arch.attachments.filter { kinds.contains($0.template.kind) }
        return a
    }

    static func attachment(_ a: Attachment) -> OrderDocument.AttachmentDocument {
        let q = a.placement.rotation, t = a.placement.translation
        return .init(tooth: a.tooth.fdi, kind: a.template.kind.rawValue, widthMM: a.template.widthMM,
                     heightMM: a.template.heightMM, depthMM: a.template.depthMM,
                     placement: .init(rotation: [q.w, q.x, q.y, q.z], translation: [t.x, t.y, t.z]),
                     stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved)
    }

    static func ipr(_ e: IPREvent) -> OrderDocument.IPRDocument {
        .init(contact: [e.contact.first.fdi, e.contact.second.fdi], amountMM: e.amountMM, beforeStage: e.beforeStage)
    }
}
