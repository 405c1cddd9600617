import Foundation
import Testing
@testable import PlanModel

@Suite struct PlanValidatorTests {
    typealias F = PlanFixtures
    typealias Code = PlanProblem.Code

    static func at(_ arch: Jaw? = .upper, stage: Int? = nil, tooth: Int? = nil, contact: String? = nil,
                   field: String? = nil) -> PlanLocation {
        PlanLocation(arch: arch, stage: stage, tooth: tooth.map(F.t), contact: contact, field: field)
    }

    /// Applies `change` to the valid plan's upper arch.
    static func upper(_ change: (inout Arch) -> Void) -> TreatmentPlan {
        var plan = F.validPlan()
        change(&plan.arches[0])
        return plan
    }

    /// Adds `tooth` to the arch with an identity pose in every aligner stage.
    static func add(_ tooth: Tooth, to arch: inout Arch) {
        arch.teeth.append(tooth)
        guard tooth.status.hasCrown else { return }
        for s in arch.stages.indices where arch.stages[s].index > 0 { arch.stages[s].poses[tooth.id] = .identity }
    }

    /// A plan with exactly one defect of kind `code`, and where it must be reported.
    static func defect(_ code: Code) -> (TreatmentPlan, PlanLocation) {
        switch code {
        case .emptyCaseID:
            var plan = F.validPlan()
            plan.metadata.caseID = "  "
            return (plan, at(nil, field: "caseID"))
        case .wearInterval:
            var plan = F.validPlan()
            plan.metadata.wearIntervalDays = 0
            return (plan, at(nil, field: "wearIntervalDays"))
        case .noArch:
            var plan = F.validPlan()
            plan.arches = []
            return (plan, at(nil))
        case .duplicateArch:
            var plan = F.validPlan()
            plan.arches.append(plan.arches[0])
            return (plan, at(.upper))
        case .duplicateTooth:
            return (upper { $0.teeth.append(F.tooth(11)) }, at(tooth: 11, field: "teeth"))
        case .toothWrongArch:
            return (upper { add(F.tooth(31), to: &$0) }, at(tooth: 31, field: "teeth"))
        case .crownMissing:
            return (upper { $0.teeth[0].crown = nil }, at(tooth: 13, field: "crown"))
        case .meshInvalidIndices:
            return (upper { $0.teeth[0].crown?.indices[0] = 99 }, at(tooth: 13, field: "crown"))
        case .nonFinite:
            return (upper { $0.stages[1].poses[F.t(11)]?.translation.x = .nan }, at(stage: 1, tooth: 11, field: "pose"))
        case .frameNotOrthonormal:
            return (upper { $0.teeth[0].frame.longAxis = Vector3(0, 0, -2) }, at(tooth: 13, field: "frame"))
        case .noStageZero:
            return (upper { $0.stages.removeFirst() }, at())
        case .stageGap:
            return (upper { $0.stages[2].index = 3 }, at(stage: 3))
        case .stageZeroNotIdentity:
            return (upper { $0.stages[0].poses[F.t(11)] = RigidTransform(translation: Vector3(0.5, 0, 0)) },
                    at(stage: 0, tooth: 11, field: "pose"))
        case .poseUnknownTooth:
            return (upper { $0.stages[1].poses[F.t(24)] = .identity }, at(stage: 1, tooth: 24, field: "pose"))
        case .poseMissing:
            return (upper { $0.stages[2].poses[F.t(11)] = nil }, at(stage: 2, tooth: 11, field: "pose"))
        case .nonUnitRotation:
            return (upper { $0.stages[1].poses[F.t(11)]?.rotation = Quaternion(w: 2, x: 0, y: 0, z: 0) },
                    at(stage: 1, tooth: 11, field: "pose"))
        case .iprUnknownTooth:
            return (upper { $0.ipr.append(IPREvent(contact: ToothContact(F.t(23), F.t(24)), amountMM: 0.1, beforeStage: 1)) },
                    at(stage: 1, tooth: 24, contact: "23-24"))
        case .iprNotAdjacent:
            return (upper { $0.ipr.append(IPREvent(contact: ToothContact(F.t(11), F.t(22)), amountMM: 0.1, beforeStage: 1)) },
                    at(stage: 1, contact: "11-22"))
        case .iprNegative:
            return (upper { $0.ipr[0].amountMM = -0.1 }, at(stage: 1, contact: "11-21", field: "amountMM"))
        case .iprStageOutOfRange:
            return (upper { $0.ipr[0].beforeStage = 3 }, at(stage: 3, contact: "11-21", field: "beforeStage"))
        case .attachmentUnknownTooth:
            return (upper { $0.attachments.append(F.attachment(24)) }, at(tooth: 24, field: "attachment"))
        case .attachmentOnMissingTooth:
            return (upper { add(F.tooth(14, .missing), to: &$0); $0.attachments.append(F.attachment(14)) },
                    at(tooth: 14, field: "attachment"))
        case .attachmentStageRange:
            return (upper { $0.attachments[0].stageRemoved = 1 }, at(stage: 1, tooth: 13, field: "stageRemoved"))
        case .attachmentTemplateInvalid:
            return (upper { $0.attachments[0].template.depthMM = 0 }, at(tooth: 13, field: "template"))
        }
    }

    @Test func validPlanHasNoProblems() throws {
        #expect(PlanValidator.validate(F.validPlan()) == [])
        let plan = try F.validPlan().validated()
        #expect(plan == F.validPlan())
    }

    @Test(arguments: Code.allCases)
    func singleDefect(_ code: Code) {
        let (plan, location) = Self.defect(code)
        let problems = PlanValidator.validate(plan)
        #expect(problems.map(\.code) == [code])
        #expect(problems.map(\.location) == [location])
        #expect(problems.allSatisfy { !$0.message.isEmpty })
    }

    @Test func codesAreStableStrings() {
        let raw = Code.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        #expect(raw.allSatisfy { $0.hasPrefix("plan.") && $0 == $0.lowercased() && !$0.contains(" ") })
        #expect(Code.poseMissing.rawValue == "plan.pose-missing")
    }

    @Test func nonFiniteEverywhere() {
        let cases: [(TreatmentPlan, PlanLocation)] = [
            (Self.upper { $0.teeth[1].frame.origin.y = .infinity }, Self.at(tooth: 12, field: "frame")),
            (Self.upper { $0.teeth[2].crown?.positions[4] = .nan }, Self.at(tooth: 11, field: "crown")),
            (Self.upper { $0.gingiva?.positions[0] = -.infinity }, Self.at(field: "gingiva")),
            (Self.upper { $0.ipr[0].amountMM = .nan }, Self.at(stage: 1, contact: "11-21", field: "amountMM")),
            (Self.upper { $0.attachments[0].placement.rotation.x = .nan }, Self.at(tooth: 13, field: "placement")),
        ]
        for (plan, location) in cases {
            let problems = PlanValidator.validate(plan)
            #expect(problems.map(\.code) == [.nonFinite])
            #expect(problems.map(\.location) == [location])
        }
        let placement = PlanValidator.validate(Self.upper { $0.attachments[0].placement.rotation.w = 0.5 })
        #expect(placement.map(\.code) == [.nonUnitRotation])
        #expect(placement.map(\.location) == [Self.at(tooth: 13, field: "placement")])
    }

    @Test func iprAdjacency() {
        func codes(_ teeth: [Int], missing: Set<Int> = [], _ a: Int, _ b: Int, jaw: Jaw = .upper) -> [Code] {
            let arch = F.arch(jaw, teeth: teeth.map { F.tooth($0, missing.contains($0) ? .missing : .present) },
                              ipr: [IPREvent(contact: ToothContact(F.t(a), F.t(b)), amountMM: 0.2, beforeStage: 1)])
            let plan = TreatmentPlan(metadata: F.validPlan().metadata, arches: [arch])
            return PlanValidator.validate(plan).map(\.code)
        }
        #expect(codes([12, 11, 21], 11, 21) == [])                  // across the midline
        #expect(codes([12, 11, 21], 21, 11) == [])                  // either order
        #expect(codes([42, 41, 31], 41, 31, jaw: .lower) == [])
        #expect(codes([13, 12, 11], 13, 11) == [.iprNotAdjacent])   // 12 is between
        #expect(codes([13, 12, 11], missing: [12], 13, 11) == [])   // extraction space closes
        #expect(codes([13, 12, 11], missing: [12], 13, 12) == [.iprNotAdjacent])  // no IPR on a missing tooth
        #expect(codes([12, 11, 21], 11, 11) == [.iprNotAdjacent])
        #expect(codes([11, 21], 11, 41) == [.iprUnknownTooth])      // other jaw
        let arch = F.arch(.upper, teeth: [F.tooth(22), F.tooth(11), F.tooth(12, .missing), F.tooth(13), F.tooth(21), F.tooth(41)])
        #expect(arch.proximalContacts.map(\.description) == ["13-11", "11-21", "21-22"])
    }

    @Test func stageOrderAndPoseEdgeCases() {
        let reordered = PlanValidator.validate(Self.upper { $0.stages.swapAt(1, 2) })
        #expect(reordered.map(\.code) == [.stageGap])
        #expect(reordered.first?.location == Self.at(stage: 2))
        // Stage 0 may omit poses and may list identity ones.
        #expect(PlanValidator.validate(Self.upper { $0.stages[0].poses[F.t(11)] = .identity }) == [])
        // A pose on a tooth marked missing is a pose on no movable tooth.
        let onMissing = PlanValidator.validate(Self.upper {
            Self.add(F.tooth(14, .missing), to: &$0)
            $0.stages[1].poses[F.t(14)] = .identity
        })
        #expect(onMissing.map(\.code) == [.poseUnknownTooth])
        // Implants and pontics move like teeth: they need poses.
        let implant = PlanValidator.validate(Self.upper { $0.teeth.append(F.tooth(24, .implant)) })
        #expect(implant.map(\.code) == [.poseMissing, .poseMissing])
        #expect(implant.map(\.location.stage) == [1, 2])
    }

    @Test func attachmentStageRanges() {
        func codes(placed: Int, removed: Int?) -> [Code] {
            PlanValidator.validate(Self.upper {
                $0.attachments[0].stagePlaced = placed
                $0.attachments[0].stageRemoved = removed
            }).map(\.code)
        }
        #expect(codes(placed: 0, removed: nil) == [])
        #expect(codes(placed: 1, removed: 2) == [])
        #expect(codes(placed: 3, removed: nil) == [.attachmentStageRange])
        #expect(codes(placed: -1, removed: nil) == [.attachmentStageRange])
        #expect(codes(placed: 1, removed: 3) == [.attachmentStageRange])
    }

    @Test func validatedThrowsEveryProblem() {
        var plan = F.validPlan()
        plan.metadata.caseID = ""
        plan.metadata.wearIntervalDays = -1
        do {
            try plan.validated()
            Issue.record("expected a PlanValidationError")
        } catch {
            #expect(error.problems.map(\.code) == [.emptyCaseID, .wearInterval])
            #expect(error.description.contains("plan.empty-case-id [caseID]"))
        }
    }

    @Test func problemsRoundTripThroughJSON() throws {
        let problems = Code.allCases.flatMap { PlanValidator.validate(Self.defect($0).0) }
        let data = try JSONEncoder().encode(PlanValidationError(problems: problems))
        #expect(try JSONDecoder().decode(PlanValidationError.self, from: data).problems == problems)
        #expect(String(decoding: data, as: UTF8.self).contains("\"code\":\"plan.ipr-not-adjacent\""))
        #expect(problems.first { $0.code == .poseMissing }?.description
            == "plan.pose-missing [upper arch, stage 2, tooth 11, pose]: " + (problems.first { $0.code == .poseMissing }?.message ?? ""))
    }
}
