import PlanModel

extension StageBaker {
    /// The triangle count of `model(arch, stage:)` — or, for a nil stage, of `attachmentTemplate(arch)` —
    /// without baking: crowns and gingiva, plus the solids of the attachments bonded then on teeth the arch
    /// has. A manifest written before its models needs it; the writer checks each baked model against it.
    public static func triangleCount(_ arch: Arch, stage: Int?) -> Int {
        let base = orderedCrowns(arch).reduce(arch.gingiva?.triangleCount ?? 0) { $0 + ($1.crown?.triangleCount ?? 0) }
        return arch.attachments.reduce(base) { total, a in
            guard arch.tooth(a.tooth) != nil, stage.map({ a.isActive(atStage: $0) }) ?? true else { return total }
            return total + a.template.mesh().triangleCount
        }
    }
}
