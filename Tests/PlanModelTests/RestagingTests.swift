import Foundation
@testable import PlanModel
import Testing

/// Restaging hand-built plans: exact sub-step counts, per-class limits, exact knots and final poses,
/// remapped attachments and IPR, minimality and idempotence.
@Suite struct RestagingTests {
    typealias F = PlanFixtures

    /// Where a tooth is at a stage, in its stage-0 frame (mm and degrees).
    struct Goal {
        var mesial = 0.0, facial = 0.0, long = 0.0, tip = 0.0, torque = 0.0, rotation = 0.0
    }

    /// A one-arch plan whose tooth `fdi` reaches `goal(s)` (components in its stage-0 frame) at stage s.
    static func plan(_ fdi: Int = 11, stages: Int, teeth extra: [Int] = [], attachments: [PlanModel.Attachment] = [], ipr: [IPREvent] = [],
                     goal: (Int) -> Goal) -> TreatmentPlan {
        let teeth = ([fdi] + extra).map { F.tooth($0) }
        let stageList = (0...stages).map { s -> Stage in
            guard s > 0 else { return Stage(index: 0) }
            var poses: [ToothID: RigidTransform] = [:]
            for tooth in teeth {
                let g = tooth.id.fdi == fdi ? goal(s) : Goal(mesial: Double(s) * 0.05)
                poses[tooth.id] = F.pose(tooth.frame, mesial: g.mesial, facial: g.facial, long: g.long,
                                         tip: g.tip, torque: g.torque, rotation: g.rotation)
            }
            return Stage(index: s, poses: poses)
        }
        let arch = Arch(jaw: F.t(fdi).jaw, teeth: teeth, stages: stageList, attachments: attachments, ipr: ipr)
        return TreatmentPlan(metadata: CaseMetadata(caseID: "R-1", patientReference: "P", created: F.created), arches: [arch])
    }

    /// A flat limit for every tooth.
    static func flat(_ kind: MovementKind, _ value: Double) -> (ToothID, MovementKind) -> Double? {
        { _, k in k == kind ? value : nil }
    }

    static func steps(_ arch: Arch, _ tooth: ToothID) -> [ToothMovement] {
        Movements.table(for: arch).compactMap { $0.movement(of: tooth)?.step }
    }

    @Test func rotationOf6DegreesIn2StagesBecomes4Plus4() throws {
        // Two stages of 6° each against a 1.5° limit at margin 1: 4 + 4 sub-steps of exactly 1.5°.
        let source = Self.plan(stages: 2) { s in Goal(rotation: 6 * Double(s)) }
        let (restaged, arches) = try Restaging.restage(source, margin: 1, limit: Self.flat(.rotation, 1.5))
        #expect(arches.map(\.subSteps) == [[4, 4]])
        #expect(restaged.arches[0].alignerCount == 8)
        let steps = Self.steps(restaged.arches[0], F.t(11))
        #expect(steps.count == 8)
        for step in steps { #expect(abs(step.rotationDegrees - 1.5) < 1e-9) }
    }

    @Test(arguments: [
        (MovementKind.mesialDistal, 0.25), (.buccalLingual, 0.25), (.extrusionIntrusion, 0.25),
        (.tip, 2.0), (.torque, 1.0),
    ])
    func everyKindSplitsByItsLimit(kind: MovementKind, limit: Double) throws {
        // Four limits' worth per step: exactly 4 sub-steps each at margin 1.
        let amount = 4 * limit
        let source = Self.plan(stages: 2) { s in
            let v = amount * Double(s)
            switch kind {
            case .mesialDistal: return Goal(mesial: v)
            case .buccalLingual: return Goal(facial: v)
            case .extrusionIntrusion: return Goal(long: v)
            case .tip: return Goal(tip: v)
            case .torque: return Goal(torque: v)
            case .rotation: return Goal(rotation: v)
            }
        }
        let (plan, arches) = try Restaging.restage(source, margin: 1, limit: Self.flat(kind, limit))
        #expect(arches.map(\.subSteps) == [[4, 4]], "\(kind)")
        for step in Self.steps(plan.arches[0], F.t(11)) {
            #expect(abs(step[kind]) <= limit + 1e-9, "\(kind): \(step[kind])")
            #expect(abs(abs(step[kind]) - limit) < 1e-6, "\(kind): sub-steps are equal")
        }
    }

    @Test func marginTightensTheSplit() throws {
        let source = Self.plan(stages: 1) { s in Goal(rotation: 3 * Double(s)) }
        // 3° against 0.95 × 1.5° = 1.425°: 3 sub-steps (2 would be 1.5° each).
        let (_, arches) = try Restaging.restage(source, margin: 0.95, limit: Self.flat(.rotation, 1.5))
        #expect(arches.map(\.subSteps) == [[3]])
    }

    @Test func perClassLimitsAreHonoured() throws {
        // Canine 13 and incisor 12 both rotate 3° per stage; canines are limited to 1°, other teeth to 1.5°.
        let teeth = [13, 12].map { F.tooth($0) }
        let stages = (0...2).map { s in
            Stage(index: s, poses: s == 0 ? [:] : Dictionary(uniqueKeysWithValues: teeth.map {
                ($0.id, F.pose($0.frame, rotation: 3 * Double(s)))
            }))
        }
        let source = TreatmentPlan(metadata: CaseMetadata(caseID: "R", patientReference: "P", created: F.created),
                                   arches: [Arch(jaw: .upper, teeth: teeth, stages: stages)])
        let limit: (ToothID, MovementKind) -> Double? = { tooth, kind in
            kind == .rotation ? (tooth.toothClass == .canine ? 1.0 : 1.5) : nil
        }
        let (plan, arches) = try Restaging.restage(source, margin: 1, limit: limit)
        #expect(arches.map(\.subSteps) == [[3, 3]])
        let table = Movements.table(for: plan.arches[0])
        for stage in table {
            for row in stage.teeth {
                let cap = row.tooth.toothClass == .canine ? 1.0 : 1.5
                #expect(abs(row.step.rotationDegrees) <= cap + 1e-9)
            }
        }
        // Only the canine needed the third sub-step: the incisor's are 1°, within its 1.5°.
        #expect(abs((table[0].movement(of: F.t(12))?.step.rotationDegrees ?? 0).magnitude - 1) < 1e-9)
    }

    @Test func originalStagesAreKnotsAndFinalPosesExact() throws {
        let source = Self.plan(stages: 3, teeth: [12]) { s in
            let d = Double(s)
            return Goal(mesial: 0.4 * d, facial: -0.2 * d, long: 0.1 * d, tip: 1.5 * d, torque: 0.8 * d, rotation: 5 * d)
        }
        let limits: (ToothID, MovementKind) -> Double? = MovementLimitsForTest.clearCorrect
        let (plan, arches) = try Restaging.restage(source, margin: 0.95, limit: limits)
        let report = try #require(arches.first)
        let old = source.arches[0], new = plan.arches[0]
        for stage in old.stages {
            let index = try #require(report.newIndex[stage.index])
            let kept = try #require(new.stages.first { $0.index == index })
            #expect(kept.poses == stage.poses, "stage \(stage.index) → \(index) keeps its poses bit for bit")
        }
        #expect(new.stages.last?.poses == old.stages.last?.poses)
        #expect(new.stages.map(\.index) == Array(0...new.alignerCount))
        // Every step now within the margin, as Movements measures it.
        for stage in Movements.table(for: new) {
            for row in stage.teeth {
                for kind in MovementKind.allCases {
                    guard let cap = limits(row.tooth, kind) else { continue }
                    #expect(abs(row.step[kind]) <= 0.95 * cap + 1e-9, "\(kind) at \(stage.stage)")
                }
            }
        }
    }

    @Test func noStepCouldUseOneFewerSubStep() throws {
        let source = Self.plan(stages: 4, teeth: [12, 21]) { s in
            let d = Double(s)
            let mesial: Double = 0.5 * d + 0.1 * d * d
            let rotation: Double = 4 * d + d * d
            return Goal(mesial: mesial, facial: 0.3 * d, long: -0.15 * d, tip: 2.5 * d, torque: -1.2 * d, rotation: rotation)
        }
        let limits: (ToothID, MovementKind) -> Double? = MovementLimitsForTest.clearCorrect
        let (_, arches) = try Restaging.restage(source, margin: 0.9, limit: limits)
        let arch = source.arches[0]
        let stages = arch.stages.sorted { $0.index < $1.index }
        for (s, k) in try #require(arches.first).subSteps.enumerated() {
            #expect(k >= 1)
            guard k > 1 else { continue }
            let from = stages[s], to = stages[s + 1]
            let paths = arch.movableTeeth.map { tooth in
                (tooth, StepPath(origin: tooth.frame.origin, from: s == 0 ? .identity : from.poses[tooth.id] ?? .identity,
                                 to: to.poses[tooth.id] ?? .identity))
            }
            #expect(Restaging.fits(paths, k, margin: 0.9, limit: limits))
            #expect(!Restaging.fits(paths, k - 1, margin: 0.9, limit: limits), "step \(s + 1) fits in \(k - 1)")
        }
    }

    @Test func attachmentsAndIPRMoveWithTheirStages() throws {
        // 3 stages; stage 2's step needs 3 sub-steps, the others 1: new stages 1 | 2 3 4 | 5.
        let attachment = F.attachment(11, placed: 2, removed: 3)
        let early = F.attachment(11, kind: .ellipsoid, placed: 1)
        let ipr = IPREvent(contact: ToothContact(F.t(11), F.t(12)), amountMM: 0.2, beforeStage: 3)
        let first = IPREvent(contact: ToothContact(F.t(11), F.t(12)), amountMM: 0.1, beforeStage: 2)
        let source = Self.plan(stages: 3, teeth: [12], attachments: [attachment, early], ipr: [ipr, first]) { s in
            Goal(rotation: s == 1 ? 1 : s == 2 ? 5 : 6)
        }
        let (plan, arches) = try Restaging.restage(source, margin: 1, limit: Self.flat(.rotation, 1.5))
        let report = try #require(arches.first)
        #expect(report.subSteps == [1, 3, 1])
        #expect(report.newIndex == [0: 0, 1: 1, 2: 4, 3: 5])
        let arch = plan.arches[0]
        // Placed before original stage 2's aligner → before the first sub-step of that step (new 2);
        // removed before original stage 3 → before new 5: worn over exactly the sub-steps of step 2.
        #expect(arch.attachments[0].stagePlaced == 2 && arch.attachments[0].stageRemoved == 5)
        #expect(arch.attachments[1].stagePlaced == 1 && arch.attachments[1].stageRemoved == nil)
        #expect(arch.ipr.map(\.beforeStage) == [5, 2])
        #expect(arch.ipr.map(\.amountMM) == [0.2, 0.1])
    }

    @Test func passiveAndOvercorrectionFlagsFollowAndArchesEndTogether() throws {
        var source = Self.plan(stages: 3) { s in Goal(rotation: s == 3 ? 6 : 3 * Double(s)) }
        source.arches[0].stages[3].isPassive = true
        source.arches[0].stages[2].isOvercorrection = true
        // A lower arch that moves little: it ended together with the upper (3 aligners each).
        var lower = Self.plan(41, stages: 3) { s in Goal(rotation: 0.5 * Double(s)) }.arches[0]
        lower.stages[3].poses = lower.stages[2].poses
        lower.stages[3].isPassive = true
        source.arches.append(lower)
        let (plan, arches) = try Restaging.restage(source, margin: 1, limit: Self.flat(.rotation, 1.5))
        #expect(arches.map(\.subSteps) == [[2, 2, 1], [1, 1, 1]])
        let upper = plan.arches[0]
        #expect(upper.stages.map(\.isOvercorrection) == [false, false, false, true, true, false])
        #expect(upper.stages.map(\.isPassive) == [false, false, false, false, false, true])
        // The lower arch is padded with passive aligners holding its final poses, so both end at 5.
        #expect(plan.arches[1].alignerCount == 5 && arches[1].padding == 2)
        #expect(plan.arches[1].stages.suffix(3).allSatisfy { $0.isPassive && $0.poses == lower.stages[3].poses })
    }

    @Test func aPlanThatFitsIsUnchangedAndRestagingIsIdempotent() throws {
        let source = Self.plan(stages: 2) { s in Goal(mesial: 0.5 * Double(s), rotation: 4 * Double(s)) }
        let limits: (ToothID, MovementKind) -> Double? = MovementLimitsForTest.clearCorrect
        let (once, first) = try Restaging.restage(source, margin: 0.95, limit: limits)
        #expect(first.contains { $0.added > 0 })
        let (twice, second) = try Restaging.restage(once, margin: 0.95, limit: limits)
        #expect(twice == once)
        #expect(second.allSatisfy { $0.added == 0 && $0.subSteps.allSatisfy { $0 == 1 } })
    }

    @Test func capsAndImpossibleLimitsAreTypedErrors() throws {
        let source = Self.plan(stages: 2) { s in Goal(rotation: 6 * Double(s)) }
        #expect(throws: RestageError.tooManyAligners(jaw: .upper, needed: 8, cap: 5)) {
            try Restaging.restage(source, margin: 1, maxAligners: 5, limit: Self.flat(.rotation, 1.5))
        }
        #expect(throws: RestageError.invalidMargin(0)) { try Restaging.restage(source, margin: 0, limit: Self.flat(.rotation, 1.5)) }
        #expect(throws: RestageError.zeroLimit(jaw: .upper, tooth: F.t(11), kind: .rotation, stage: 1)) {
            try Restaging.restage(source, margin: 1, limit: Self.flat(.rotation, 0))
        }
    }
}

/// ClearCorrect's published standard (0.3 mm each way, 3° rotation) plus tip and torque limits, as a function.
enum MovementLimitsForTest {
    static func clearCorrect(_ tooth: ToothID, _ kind: MovementKind) -> Double? {
        switch kind {
        case .mesialDistal, .buccalLingual, .extrusionIntrusion: 0.3
        case .rotation: 3
        case .tip: 2
        case .torque: 1
        }
    }
}
