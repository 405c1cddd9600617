import MeshIO
import PlanModel
@testable import StageRecovery
import Testing

/// Stage 0's split reused for later stages (`ModelTopology`) and stages prepared out of order must give
/// exactly what splitting each model and adding the stages in order gives.
@Suite struct TopologyReuseTests {
    @Test func reusedSplitEqualsAFreshSplitWithAndWithoutAddedSolids() throws {
        let plan = try RecoveryFixtures.plan()
        for arch in plan.arches {
            let stage0 = try RecoveryFixtures.stlModel(arch, stage: 0)
            let topology = ShellSplitter.split(stage0).topology
            var withAdded = 0
            for stage in arch.stages where stage.index > 0 {
                let model = try RecoveryFixtures.stlModel(arch, stage: stage.index)
                if model.triangleCount > stage0.triangleCount { withAdded += 1 }
                let reused = try #require(topology.shells(of: model), "stage \(stage.index)")
                #expect(reused == ShellSplitter.shells(model, welded: true), "stage \(stage.index)")
            }
            // The sample bonds attachments after stage 0, so the added-solids path is exercised.
            #expect(withAdded > 0)
        }
    }

    @Test func aModelOfOtherTrianglesIsNotReused() throws {
        let plan = try RecoveryFixtures.plan()
        let arch = plan.arches[0]
        let topology = ShellSplitter.split(try RecoveryFixtures.stlModel(arch, stage: 0)).topology
        let shuffled = ShellSplitter.weld(RecoveryFixtures.shuffled(try RecoveryFixtures.stlModel(arch, stage: 1), seed: 3))
        #expect(topology.shells(of: shuffled) == nil)
    }

    @Test func stagesPreparedInAnyOrderRecoverAsAddingInOrderDoes() throws {
        let plan = try RecoveryFixtures.plan()
        for arch in plan.arches {
            let inOrder = try RecoveryFixtures.recover(arch)
            let base = ArchRecovery(jaw: arch.jaw, stage0: try RecoveryFixtures.stlModel(arch, stage: 0), welded: true)
            var prepared: [PreparedStage] = []
            for stage in arch.stages.reversed() where stage.index > 0 {
                prepared.append(base.prepare(stage: stage.index, mesh: try RecoveryFixtures.stlModel(arch, stage: stage.index), welded: true))
            }
            var recovery = base
            for p in prepared.sorted(by: { $0.index < $1.index }) { recovery.add(p) }
            let outOfOrder = try recovery.finish()
            #expect(outOfOrder.arch == inOrder.arch)
            #expect(outOfOrder.tracks == inOrder.tracks)
            #expect(outOfOrder.issues == inOrder.issues)
        }
    }
}
