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
            let counts = TriangleCounts(arch)
            let digits = RefSealedFormat.stageDigits(maxIndex: arch.stages.map(\.index).max() ?? 0)
            var stages: [OrderDocument.StageDocument] = []
            for stage in arch.stages {
                let file = RefSealedFormat.stagePath(arch.jaw, stage: stage.index, digits: digits)
                let triangles = counts.stage(stage.index)
                stages.append(.init(index: stage.index, passive: stage.isPassive, overcorrection: stage.isOvercorrection,
                                    model: file, triangles: triangles))
                jobs.append(ModelJob(file: file, triangles: triangles, arch: arch, stage: stage.index))
            }
            var template: OrderDocument.ModelDocument?
            if !arch.stages.isEmpty {
                let file = RefSealedFormat.templatePath(arch.jaw)
                template = .init(model: file, triangles: counts.template)
                jobs.append(ModelJob(file: file, triangles: counts.template, arch: arch, stage: nil))
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

/// Triangle counts of an arch's baked models without baking them: what `StageBaker.model` will produce
/// (crowns, gingiva, the solids of the attachments bonded then, on teeth the arch has).
struct TriangleCounts {
    let base: Int
    /// Per attachment: its solid's triangles and when it is bonded (nil when its tooth is not in the arch).
    let solids: [(triangles: Int, attachment: Attachment)]

    init(_ arch: Arch) {
        base = StageBaker.orderedCrowns(arch).reduce(arch.gingiva?.triangleCount ?? 0) { $0 + ($1.crown?.triangleCount ?? 0) }
        solids = arch.attachments.filter { arch.tooth($0.tooth) != nil }.map { ($0.template.mesh().triangleCount, $0) }
    }

    func stage(_ index: Int) -> Int {
        solids.reduce(base) { $0 + ($1.attachment.isActive(atStage: index) ? $1.triangles : 0) }
    }

    var template: Int { solids.reduce(base) { $0 + $1.triangles } }
}
