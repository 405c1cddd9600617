import Foundation
import Testing
@testable import PlanModel

@Suite struct PlanSummaryTests {
    typealias F = PlanFixtures

    /// Stages 0…count−1 where every movable tooth has a pose: identity unless `moves[stage][fdi]` says.
    static func stages(_ count: Int, teeth: [Tooth], moves: [Int: [Int: (CrownFrame) -> RigidTransform]],
                       passive: Set<Int> = [], overcorrection: Set<Int> = []) -> [Stage] {
        (0..<count).map { s in
            var poses = [ToothID: RigidTransform]()
            if s > 0 {
                for tooth in teeth where tooth.status.hasCrown {
                    poses[tooth.id] = moves[s]?[tooth.id.fdi]?(tooth.frame) ?? .identity
                }
            }
            return Stage(index: s, poses: poses, isPassive: passive.contains(s), isOvercorrection: overcorrection.contains(s))
        }
    }

    static func plan() -> TreatmentPlan {
        let upperTeeth = [F.tooth(14, .missing), F.tooth(13), F.tooth(12), F.tooth(11), F.tooth(21), F.tooth(22),
                          F.tooth(23, .implant)]
        let upperStages = stages(5, teeth: upperTeeth, moves: [
            1: [11: { F.pose($0, mesial: 0.1) }],
            2: [11: { F.pose($0, mesial: 0.3) }, 13: { F.pose($0, tip: -2.5) }],
            3: [11: { F.pose($0, mesial: 0.3, rotation: 1.5) }, 13: { F.pose($0, tip: -2.5) }],
            4: [11: { F.pose($0, mesial: 0.3, rotation: 1.5) }, 13: { F.pose($0, tip: -2.5) }],
        ], overcorrection: [4])
        let upper = Arch(jaw: .upper, teeth: upperTeeth, stages: upperStages,
                         attachments: [F.attachment(13), F.attachment(23, kind: .ellipsoid, placed: 2, removed: 4)],
                         ipr: [IPREvent(contact: ToothContact(F.t(11), F.t(21)), amountMM: 0.2, beforeStage: 1),
                               IPREvent(contact: ToothContact(F.t(11), F.t(12)), amountMM: 0.1, beforeStage: 2),
                               IPREvent(contact: ToothContact(F.t(12), F.t(11)), amountMM: 0.2, beforeStage: 1)])
        let lowerTeeth = [43, 42, 41, 31, 32, 33].map { F.tooth($0) }
        let lowerStages = stages(4, teeth: lowerTeeth, moves: [
            1: [41: { F.pose($0, facial: -0.25) }, 33: { F.pose($0, torque: 3) }],
            2: [41: { F.pose($0, facial: -0.25) }, 33: { F.pose($0, torque: 3) }, 32: { F.pose($0, long: 0.15) }],
            3: [41: { F.pose($0, facial: -0.25) }, 33: { F.pose($0, torque: 3) }, 32: { F.pose($0, long: 0.15) }],
        ], passive: [3])
        let lower = Arch(jaw: .lower, teeth: lowerTeeth, stages: lowerStages,
                         attachments: [F.attachment(33), F.attachment(43, kind: .optimizedRotation, placed: 1, removed: 2)],
                         ipr: [IPREvent(contact: ToothContact(F.t(41), F.t(31)), amountMM: 0.3, beforeStage: 1),
                               IPREvent(contact: ToothContact(F.t(41), F.t(42)), amountMM: 0.1, beforeStage: 2)])
        // Lower first on purpose: the summary orders arches itself.
        return TreatmentPlan(metadata: CaseMetadata(caseID: "SUM-7", patientReference: "P", created: F.created,
                                                    wearIntervalDays: 10),
                             arches: [lower, upper])
    }

    @Test func caseAndDuration() {
        let s = PlanSummary(plan: Self.plan())
        #expect(s.caseID == "SUM-7")
        #expect(s.wearIntervalDays == 10)
        #expect(s.alignerCount == 4)
        #expect(s.treatmentDays == 40)
        #expect(abs(s.treatmentWeeks - 40.0 / 7) < 1e-12)
        #expect(s.arches.map(\.jaw) == [.upper, .lower])
    }

    @Test func archFigures() throws {
        let s = PlanSummary(plan: Self.plan())
        let upper = try #require(s.arch(.upper)), lower = try #require(s.arch(.lower))
        #expect(upper.alignerCount == 4 && lower.alignerCount == 3)
        #expect(upper.passiveStageCount == 0 && lower.passiveStageCount == 1)
        #expect(upper.overcorrectionStageCount == 1 && lower.overcorrectionStageCount == 0)
        #expect(upper.teethByStatus.map(\.status) == ToothStatus.allCases)
        #expect(upper.teethByStatus.map(\.count) == [5, 1, 1, 0])
        #expect(lower.teeth(.present) == 6 && lower.teeth(.missing) == 0)
    }

    @Test func largestSteps() {
        let s = PlanSummary(plan: Self.plan())
        #expect(s.largestSteps.map(\.kind) == MovementKind.allCases)
        func check(_ kind: MovementKind, _ value: Double, _ jaw: Jaw, _ stage: Int, _ fdi: Int,
                   sourceLocation: SourceLocation = #_sourceLocation) {
            let step = s.largestStep(kind)
            #expect(abs((step?.value ?? .nan) - value) < 1e-9, "\(kind)", sourceLocation: sourceLocation)
            #expect(step?.jaw == jaw && step?.stage == stage && step?.tooth?.fdi == fdi, "\(kind)",
                    sourceLocation: sourceLocation)
        }
        check(.mesialDistal, 0.2, .upper, 2, 11)
        check(.buccalLingual, -0.25, .lower, 1, 41)
        check(.extrusionIntrusion, 0.15, .lower, 2, 32)
        check(.tip, -2.5, .upper, 2, 13)
        check(.torque, 3, .lower, 1, 33)
        check(.rotation, 1.5, .upper, 3, 11)
    }

    @Test func nothingMovesGivesEmptyLocations() {
        var plan = Self.plan()
        for a in plan.arches.indices { plan.arches[a].stages = [Stage(index: 0)] }
        let s = PlanSummary(plan: plan)
        #expect(s.alignerCount == 0 && s.treatmentDays == 0)
        #expect(s.largestSteps.count == 6)
        #expect(s.largestSteps.allSatisfy { $0.value == 0 && $0.jaw == nil && $0.stage == nil && $0.tooth == nil })
    }

    @Test func ipr() {
        let s = PlanSummary(plan: Self.plan())
        #expect(s.ipr.map(\.contact) == ["12-11", "12-11", "11-21", "42-41", "41-31"])
        #expect(s.ipr.map(\.beforeStage) == [1, 2, 1, 2, 1])
        #expect(s.ipr.map(\.amountMM) == [0.2, 0.1, 0.2, 0.1, 0.3])
        #expect(s.ipr.map(\.jaw) == [.upper, .upper, .upper, .lower, .lower])
        #expect(s.arch(.upper)?.iprTotalMM == 0.5)
        #expect(s.arch(.lower)?.iprTotalMM == 0.4)
        #expect(s.iprTotalMM == 0.9)
    }

    @Test func attachments() {
        let s = PlanSummary(plan: Self.plan())
        #expect(s.arch(.upper)?.attachmentsPerStage.map(\.stage) == [0, 1, 2, 3, 4])
        #expect(s.arch(.upper)?.attachmentsPerStage.map(\.count) == [0, 1, 2, 2, 1])
        #expect(s.arch(.lower)?.attachmentsPerStage.map(\.count) == [0, 2, 1, 1])
        #expect(s.arch(.upper)?.attachmentCount == 2 && s.arch(.lower)?.attachmentCount == 2)
        #expect(s.attachmentCount == 4)
        #expect(s.attachmentsByKind.map(\.kind) == AttachmentKind.allCases)
        let counts = Dictionary(uniqueKeysWithValues: s.attachmentsByKind.map { ($0.kind, $0.count) })
        #expect(counts[.rectangularHorizontal] == 2 && counts[.ellipsoid] == 1 && counts[.optimizedRotation] == 1)
        #expect(s.attachmentsByKind.map(\.count).reduce(0, +) == 4)
    }

    @Test func jsonIsStableAndRoundTrips() throws {
        let s = PlanSummary(plan: Self.plan())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let a = try encoder.encode(s), b = try encoder.encode(PlanSummary(plan: Self.plan()))
        #expect(a == b)
        #expect(try JSONDecoder().decode(PlanSummary.self, from: a) == s)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"contact\":\"11-21\""))
        #expect(text.contains("\"tooth\":13"))
    }
}
