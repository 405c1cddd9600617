import MeshIO
import PlanModel
import StageRecovery
import Testing

/// The issue's accuracy figures: the sample exported as stage models and read back, with and without
/// correspondence, with noise, and as fused models.
@Suite struct AccuracyTests {
    @Test func exactSeriesRecoversEveryPose() throws {
        let plan = try RecoveryFixtures.plan()
        for arch in plan.arches {
            let recovered = try RecoveryFixtures.recover(arch)
            #expect(recovered.arch.teeth.map(\.id) == arch.teeth.map(\.id), "numbering of the \(arch.jaw) arch")
            #expect(recovered.tracks.allSatisfy { $0.method == .correspondence })
            let e = RecoveryFixtures.poseErrors(recovered.arch, truth: arch)
            print("exact \(arch.jaw): max \(e.mm) mm, \(e.degrees)° over \(e.compared) poses")
            #expect(e.compared == arch.teeth.count * arch.stages.count)
            #expect(e.mm <= 1e-3)
            #expect(e.degrees <= 0.01)
            #expect(!recovered.issues.contains { $0.code == .deformed })
        }
    }

    @Test func shuffledVerticesAndTrianglesUseICP() throws {
        let plan = try RecoveryFixtures.plan()
        for arch in plan.arches {
            let recovered = try RecoveryFixtures.recover(arch) { mesh, stage in
                RecoveryFixtures.shuffled(mesh, seed: UInt64(100 + stage))
            }
            #expect(recovered.arch.teeth.map(\.id) == arch.teeth.map(\.id))
            #expect(recovered.tracks.allSatisfy { $0.method == .positionAndShape })
            let e = RecoveryFixtures.poseErrors(recovered.arch, truth: arch)
            print("shuffled \(arch.jaw): max \(e.mm) mm, \(e.degrees)° over \(e.compared) poses")
            #expect(e.mm <= 0.02)
            #expect(e.degrees <= 0.1)
        }
    }

    @Test func gaussianNoiseStaysWithinLimits() throws {
        let plan = try RecoveryFixtures.plan()
        for arch in plan.arches {
            let recovered = try RecoveryFixtures.recover(arch) { mesh, stage in
                RecoveryFixtures.noisy(RecoveryFixtures.shuffled(mesh, seed: UInt64(200 + stage)), sigma: 0.01, seed: UInt64(300 + stage))
            }
            #expect(recovered.arch.teeth.map(\.id) == arch.teeth.map(\.id))
            let e = RecoveryFixtures.poseErrors(recovered.arch, truth: arch)
            print("noise σ=0.01 \(arch.jaw): max \(e.mm) mm, \(e.degrees)°, worst residual \(recovered.worstResidualMM) mm")
            #expect(e.mm <= 0.05)
            #expect(e.degrees <= 0.2)
            #expect(!recovered.issues.contains { $0.code == .deformed })
        }
    }

    @Test func fusedSameTopologySegmentsByMotion() throws {
        let plan = try RecoveryFixtures.plan()
        for arch in plan.arches {
            let model = { (s: Int) in try STLCodec.decode(STLCodec.encode(RecoveryFixtures.fusedModel(arch, stage: s)), source: "fused-\(s).stl") }
            var recovery = ArchRecovery(jaw: arch.jaw, stage0: try model(0))
            for stage in arch.stages where stage.index > 0 { recovery.add(stage: stage.index, mesh: try model(stage.index)) }
            let recovered = try recovery.finish()
            #expect(recovered.segmentation == "motion")
            let moving = arch.teeth.filter { t in arch.stages.contains { $0.poses[t.id].map { $0.maxDifference(to: .identity) > 1e-4 } ?? false } }
            #expect(recovered.arch.teeth.count == moving.count, "every moving tooth found")
            var truth = arch
            truth.teeth = moving
            let e = RecoveryFixtures.poseErrors(recovered.arch, truth: truth)
            print("fused \(arch.jaw): \(recovered.arch.teeth.count) of \(moving.count) moving teeth, max \(e.mm) mm, \(e.degrees)°")
            #expect(e.mm <= 0.02)
            #expect(e.degrees <= 0.1)
        }
    }

    @Test func fusedChangingTopologyIsAFinding() throws {
        let plan = try RecoveryFixtures.plan()
        let arch = plan.arches[0]
        var recovery = ArchRecovery(jaw: arch.jaw, stage0: RecoveryFixtures.fusedModel(arch, stage: 0))
        var changed = RecoveryFixtures.fusedModel(arch, stage: 1)
        changed.indices.removeLast(3)
        recovery.add(stage: 1, mesh: changed)
        let recovered = try recovery.finish()
        #expect(recovered.issues.contains { $0.code == .fusedTopologyChanges })
        #expect(recovered.arch.teeth.isEmpty)
        #expect(recovered.arch.stages.map(\.index) == [0, 1])
    }
}
