extension PlanSummary {
    /// The figures of one arch.
    public struct ArchSummary: Codable, Hashable, Sendable {
        public var jaw: Jaw
        /// Stages after stage 0.
        public var alignerCount: Int
        /// Aligner stages marked passive.
        public var passiveStageCount: Int
        /// Aligner stages marked overcorrection.
        public var overcorrectionStageCount: Int
        /// Teeth per status in `ToothStatus.allCases` order (zeros kept).
        public var teethByStatus: [StatusCount]
        /// All IPR of this arch (mm, rounded to 1 µm).
        public var iprTotalMM: Double
        /// Attachments of this arch (each counted once, however many stages it stays).
        public var attachmentCount: Int
        /// For every stage of the arch (ascending, stage 0 included), the attachments on the teeth.
        public var attachmentsPerStage: [StageCount]

        public init(arch: Arch) {
            let aligners = arch.stages.filter { $0.index > 0 }
            jaw = arch.jaw
            alignerCount = arch.alignerCount
            passiveStageCount = aligners.count(where: \.isPassive)
            overcorrectionStageCount = aligners.count(where: \.isOvercorrection)
            teethByStatus = ToothStatus.allCases.map { status in
                StatusCount(status: status, count: arch.teeth.count { $0.status == status })
            }
            iprTotalMM = PlanSummary.roundedToMicrometre(arch.ipr.reduce(0) { $0 + $1.amountMM })
            attachmentCount = arch.attachments.count
            attachmentsPerStage = arch.stages.map(\.index).sorted().map { index in
                StageCount(stage: index, count: arch.attachments.count { $0.isActive(atStage: index) })
            }
        }

        /// Teeth with `status`.
        public func teeth(_ status: ToothStatus) -> Int { teethByStatus.first { $0.status == status }?.count ?? 0 }
    }

    /// How many teeth have one status.
    public struct StatusCount: Codable, Hashable, Sendable {
        public var status: ToothStatus
        public var count: Int
    }

    /// How many attachments are on the teeth during one stage.
    public struct StageCount: Codable, Hashable, Sendable {
        public var stage: Int
        public var count: Int
    }

    /// How many attachments have one kind.
    public struct KindCount: Codable, Hashable, Sendable {
        public var kind: AttachmentKind
        public var count: Int
    }

    /// One IPR event: contact as "11-21" (arch order), amount and the stage it precedes.
    public struct IPRItem: Codable, Hashable, Sendable {
        public var jaw: Jaw
        public var contact: String
        public var amountMM: Double
        public var beforeStage: Int

        public init(jaw: Jaw, event: IPREvent) {
            self.jaw = jaw
            contact = event.contact.description
            amountMM = event.amountMM
            beforeStage = event.beforeStage
        }
    }

    /// The largest step of one kind (by magnitude, signed as measured) and where; jaw, stage and tooth
    /// are nil when nothing moves in that kind. Ties keep the first (upper arch, lowest stage, arch order).
    public struct LargestStep: Codable, Hashable, Sendable {
        public var kind: MovementKind
        /// mm or degrees (see `kind.unit`).
        public var value: Double
        public var jaw: Jaw?
        public var stage: Int?
        public var tooth: ToothID?

        public init(kind: MovementKind, value: Double, jaw: Jaw? = nil, stage: Int? = nil, tooth: ToothID? = nil) {
            self.kind = kind
            self.value = value
            self.jaw = jaw
            self.stage = stage
            self.tooth = tooth
        }
    }
}
