import PlanModel
import StageRecovery
import Testing

@Suite struct NumberingTests {
    @Test func twoTeethRemovedAreNumberedMissing() throws {
        let plan = try RecoveryFixtures.plan(stages: 2)
        for (arch, removed) in zip(plan.arches, [[12, 25], [34, 46]]) {
            let gone = Set(try removed.map { try ToothID(fdi: $0) })
            let gapped = RecoveryFixtures.removing(gone, from: arch)
            let recovered = try RecoveryFixtures.recover(gapped)
            let present = recovered.arch.teeth.filter { $0.status == .present }.map(\.id)
            #expect(present == gapped.teeth.map(\.id), "\(arch.jaw): \(recovered.numbering.map { "\($0.tooth)@\($0.arcPositionMM)" })")
            let missing = Set(recovered.arch.teeth.filter { $0.status == .missing }.map(\.id))
            #expect(missing == gone)
            #expect(recovered.issues.filter { $0.code == .missingTooth }.count == 2)
        }
    }

    @Test func overrideNumbersInArchOrder() throws {
        let plan = try RecoveryFixtures.plan(stages: 1)
        let arch = plan.arches[0]
        let ids = arch.teeth.map(\.id)
        // The right side shifted one place outward: the override wins over the geometry.
        let shifted = try ids.map { try ToothID(fdi: $0.isRight ? $0.fdi + 1 : $0.fdi) }
        let recovered = try RecoveryFixtures.recover(arch, teeth: shifted)
        #expect(recovered.numberedBy == "override")
        #expect(recovered.arch.teeth.map(\.id) == shifted)
        #expect(throws: RecoveryError.self) { try RecoveryFixtures.recover(arch, teeth: Array(ids.dropLast())) }
        #expect(throws: RecoveryError.overrideDuplicate(ids[0])) { try RecoveryFixtures.recover(arch, teeth: [ids[0]] + ids.dropFirst().dropLast() + [ids[0]]) }
    }

    @Test func framesAreOrthonormalWithTheQuadrantsHandedness() throws {
        let plan = try RecoveryFixtures.plan(stages: 1)
        for arch in plan.arches {
            let recovered = try RecoveryFixtures.recover(arch)
            for tooth in recovered.arch.teeth {
                #expect(tooth.frame.isOrthonormal())
                let truth = arch.tooth(tooth.id)?.frame
                // Facial points out of the arch like the planner's frame; mesial towards the midline.
                #expect((truth?.facialAxis.dot(tooth.frame.facialAxis) ?? 0) > 0.7, "tooth \(tooth.id)")
                #expect((truth?.mesialAxis.dot(tooth.frame.mesialAxis) ?? 0) > 0.7, "tooth \(tooth.id)")
                #expect((truth?.longAxis.dot(tooth.frame.longAxis) ?? 0) > 0.8, "tooth \(tooth.id)")
            }
        }
    }

    @Test func geometrySaysWhichJaw() throws {
        let plan = try RecoveryFixtures.plan(stages: 1)
        for arch in plan.arches {
            // Recovered as the other jaw: the evidence still names the real one.
            var recovery = ArchRecovery(jaw: arch.jaw == .upper ? .lower : .upper, stage0: try RecoveryFixtures.stlModel(arch, stage: 0))
            recovery.add(stage: 1, mesh: try RecoveryFixtures.stlModel(arch, stage: 1))
            let recovered = try recovery.finish(teeth: nil)
            #expect(recovered.jawEvidence.jaw == arch.jaw)
        }
    }
}
