import PlanModel
import SampleCases
import Testing

@Suite struct SampleStagingTests {
    @Test func stageZeroIsTheIdentityAndStagesRunWithoutGaps() throws {
        let plan = try smallPlan()
        for arch in plan.arches {
            #expect(arch.stages.map(\.index) == Array(0...arch.alignerCount))
            let zero = try #require(arch.stages.first)
            #expect(zero.poses.count == 14)
            #expect(zero.poses.values.allSatisfy { $0 == .identity })
            #expect(!zero.isPassive && !zero.isOvercorrection)
            #expect(arch.stages.allSatisfy { $0.poses.count == 14 })
        }
    }

    @Test func stageCountsPerPreset() throws {
        let standard = try SampleCase.make(SampleOptions(trianglesPerTooth: 200))
        #expect(standard.arches.map(\.alignerCount) == [28, 26])
        let reference = try SampleCase.make(SampleOptions(preset: .reference, trianglesPerTooth: 200))
        #expect(reference.arches.map(\.alignerCount) == [40, 40])
        let upper = try #require(reference.upper), lower = try #require(reference.lower)
        #expect(upper.stages.filter(\.isOvercorrection).map(\.index) == [39, 40])
        #expect(upper.stages.allSatisfy { !$0.isPassive })
        #expect(lower.stages.filter(\.isPassive).map(\.index) == [39, 40])
        #expect(lower.stages.allSatisfy { !$0.isOvercorrection })
        // Passive aligners hold the arch where its last active stage left it.
        #expect(lower.stages[40].poses == lower.stages[38].poses)
        let few = try smallPlan(stages: 9)
        #expect(few.arches.map(\.alignerCount) == [9, 9])
        #expect(few.arches.allSatisfy { $0.stages.allSatisfy { !$0.isPassive && !$0.isOvercorrection } })
        let ten = try smallPlan(stages: 10)
        #expect(ten.arches.map(\.alignerCount) == [10, 8])
        #expect(ten.upper?.stages.filter(\.isOvercorrection).map(\.index) == [10])
    }

    @Test(arguments: [(1, UInt64(1)), (2, 2), (3, 3), (12, 4), (28, 5), (40, 6), (60, 7)])
    func everyStepIsWithinTheArchFormLimits(stages: Int, seed: UInt64) throws {
        let plan = try smallPlan(seed: seed, stages: stages)
        var worst = 0.0
        for arch in plan.arches {
            for tooth in arch.teeth {
                for s in 1...arch.alignerCount {
                    let step = Step(frame: tooth.frame, from: arch.pose(of: tooth.id, atStage: s - 1),
                                    to: arch.pose(of: tooth.id, atStage: s))
                    #expect(step.worstRatio <= 0.8 + 1e-9, "\(tooth.id) stage \(s): \(step)")
                    worst = max(worst, step.worstRatio)
                }
            }
        }
        #expect(worst > 0.1, "the teeth should actually move")
    }

    @Test func movementTableAgreesWithTheLimits() throws {
        let plan = try smallPlan(seed: 11, stages: 20)
        let limits: [MovementKind: Double] = [.mesialDistal: 0.2, .buccalLingual: 0.2, .extrusionIntrusion: 0.15,
                                              .tip: 2, .torque: 1, .rotation: 2]
        for arch in plan.arches {
            let table = MovementTable(arch: arch)
            for (kind, limit) in limits {
                let largest = abs(table.largestStep(kind)?.value ?? 0)
                #expect(largest <= limit, "\(arch.jaw) \(kind): \(largest)")
            }
        }
    }

    @Test func activeStagesTakeEvenStepsAndReachTheGoal() throws {
        let plan = try smallPlan(seed: 8, stages: 20)
        let upper = try #require(plan.upper)
        let active = 19  // 20 aligners, the last one overcorrects
        for tooth in upper.teeth {
            let angles = (1...active).map { s in
                (upper.pose(of: tooth.id, atStage: s).rotation
                    * upper.pose(of: tooth.id, atStage: s - 1).rotation.conjugate).angleDegrees
            }
            let first = try #require(angles.first)
            #expect(angles.allSatisfy { abs($0 - first) < 1e-6 }, "\(tooth.id): uneven rotation steps")
        }
        // The crowding is real: some tooth starts ≥ 10° rotated (a canine).
        let rotations = upper.teeth.map { tooth in upper.pose(of: tooth.id, atStage: active).rotation.angleDegrees }
        #expect((rotations.max() ?? 0) >= 10)
    }

    @Test func fewStagesMeanAMilderCase() throws {
        let one = try smallPlan(seed: 3, stages: 1)
        let many = try smallPlan(seed: 3, stages: 30)
        let total = { (plan: TreatmentPlan) in
            plan.arches.flatMap { arch in
                arch.teeth.map { arch.pose(of: $0.id, atStage: min(arch.alignerCount, 27)).rotation.angleDegrees }
            }.reduce(0, +)
        }
        #expect(total(one) < total(many))
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func iprIsAtAdjacentIncisorContactsEarlyInTreatment(seed: UInt64) throws {
        let plan = try smallPlan(seed: seed, stages: 24)
        for arch in plan.arches {
            #expect((2...3).contains(arch.ipr.count))
            for event in arch.ipr {
                let c = event.contact
                #expect(c.first.isAdjacent(to: c.second), "\(c)")
                #expect(c.first.jaw == arch.jaw && c.second.jaw == arch.jaw)
                #expect(c.first.position <= 2 && c.second.position <= 2, "\(c) is not between incisors")
                #expect((0.1...0.3).contains(event.amountMM), "\(c): \(event.amountMM)")
                #expect((1...max(1, arch.alignerCount / 3)).contains(event.beforeStage), "\(c) before \(event.beforeStage)")
            }
            #expect(Set(arch.ipr.map(\.contact)).count == arch.ipr.count)
        }
        #expect((plan.lower?.ipr.map(\.amountMM).reduce(0, +) ?? 0) <= 0.75)
    }

    @Test func attachmentsSitOnTheFacialSurfaceWithinTheStages() throws {
        let plan = try SampleCase.make(SampleOptions(stages: 24, trianglesPerTooth: 3_000, seed: 4))
        var kinds = Set<AttachmentKind>()
        for arch in plan.arches {
            #expect((4...8).contains(arch.attachments.count))
            for a in arch.attachments {
                kinds.insert(a.template.kind)
                let tooth = try #require(arch.tooth(a.tooth))
                #expect(a.stagePlaced >= 1 && a.stagePlaced <= arch.alignerCount)
                if let removed = a.stageRemoved { #expect(removed > a.stagePlaced && removed <= arch.alignerCount) }
                // Placement is in the crown's local coordinates (x = long × facial, y long, z facial):
                // on the facial side, facing out.
                let p = a.placement.translation
                #expect(p.z > 2, "\(a.tooth): facial offset \(p.z)")
                #expect(a.placement.rotation.rotate(.unitZ).z > 0.7)
                #expect(a.placement.rotation.rotate(.unitX).x > 0.9)
                let f = tooth.frame
                let onModel = f.origin + f.longAxis.cross(f.facialAxis) * p.x + f.longAxis * p.y + f.facialAxis * p.z
                let crown = try #require(tooth.crown)
                let gap = surfaceDistance(from: onModel, to: crown)
                #expect(gap < 0.1, "\(a.tooth): \(gap) mm off the crown surface")
            }
        }
        #expect(kinds.isSuperset(of: [.rectangularHorizontal, .optimizedRotation, .ellipsoid, .button, .precisionCut]))
        let rotation = try #require(plan.lower?.attachments.first { $0.template.kind == .optimizedRotation })
        #expect(rotation.tooth.toothClass == .canine)
        #expect(plan.arches.flatMap(\.attachments).contains { $0.stageRemoved != nil })
    }
}
