/// The figures a clinic or lab reads first: aligners, duration, largest steps, IPR and attachments.
///
/// Stable for JSON: every list has a fixed order (arches upper → lower; kinds and statuses in
/// declaration order with zeros kept; stages ascending; IPR by arch, contact along the arch, stage).
public struct PlanSummary: Codable, Hashable, Sendable {
    public var caseID: String
    /// Days each aligner is worn.
    public var wearIntervalDays: Int
    /// The longer arch's aligner count: the number of wear intervals.
    public var alignerCount: Int
    /// alignerCount × wearIntervalDays.
    public var treatmentDays: Int
    /// treatmentDays / 7.
    public var treatmentWeeks: Double
    /// One entry per arch, upper first.
    public var arches: [ArchSummary]
    /// The largest step of each movement kind across the plan, in `MovementKind.allCases` order.
    public var largestSteps: [LargestStep]
    /// Every IPR event, ordered by arch, contact along the arch, then stage.
    public var ipr: [IPRItem]
    /// All IPR of the plan (mm, rounded to 1 µm).
    public var iprTotalMM: Double
    /// Attachments of the whole plan.
    public var attachmentCount: Int
    /// Attachments of the whole plan per kind, in `AttachmentKind.allCases` order (zeros kept).
    public var attachmentsByKind: [KindCount]

    /// Summarises `plan` (structurally valid or not: absent poses count as identity).
    public init(plan: TreatmentPlan) {
        let arches = plan.arches.enumerated()
            .sorted { ($0.element.jaw, $0.offset) < ($1.element.jaw, $1.offset) }
            .map(\.element)
        caseID = plan.metadata.caseID
        wearIntervalDays = plan.metadata.wearIntervalDays
        alignerCount = arches.map(\.alignerCount).max() ?? 0
        treatmentDays = alignerCount * wearIntervalDays
        treatmentWeeks = Double(treatmentDays) / 7
        self.arches = arches.map(ArchSummary.init(arch:))
        largestSteps = Self.largestSteps(arches.map(MovementTable.init(arch:)))
        ipr = arches.flatMap { arch in
            arch.ipr.sorted(by: IPREvent.inArchOrder).map { IPRItem(jaw: arch.jaw, event: $0) }
        }
        iprTotalMM = Self.roundedToMicrometre(ipr.reduce(0) { $0 + $1.amountMM })
        let attachments = arches.flatMap(\.attachments)
        attachmentCount = attachments.count
        attachmentsByKind = AttachmentKind.allCases.map { kind in
            KindCount(kind: kind, count: attachments.count { $0.template.kind == kind })
        }
    }

    /// The summary of `jaw`'s arch, if the plan treats it.
    public func arch(_ jaw: Jaw) -> ArchSummary? { arches.first { $0.jaw == jaw } }

    /// The largest step of `kind`.
    public func largestStep(_ kind: MovementKind) -> LargestStep? { largestSteps.first { $0.kind == kind } }

    static func largestSteps(_ tables: [MovementTable]) -> [LargestStep] {
        MovementKind.allCases.map { kind in
            var best = LargestStep(kind: kind, value: 0)
            for table in tables {
                if let found = table.largestStep(kind), abs(found.value) > abs(best.value) {
                    best = LargestStep(kind: kind, value: found.value, jaw: table.jaw, stage: found.stage,
                                       tooth: found.tooth)
                }
            }
            return best
        }
    }

    /// Sums of decimal amounts carry binary noise (0.1 + 0.2); a micrometre is far below any IPR step.
    static func roundedToMicrometre(_ mm: Double) -> Double { (mm * 1_000_000).rounded() / 1_000_000 }
}
