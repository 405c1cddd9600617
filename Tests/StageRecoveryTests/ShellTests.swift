import MeshIO
import PlanModel
import StageRecovery
import Testing

@Suite struct ShellTests {
    @Test func stageModelSplitsIntoTeethGingivaAndAttachments() throws {
        let plan = try RecoveryFixtures.plan()
        let arch = plan.arches[0]
        let stage = arch.stages.count - 1
        let shells = ShellSplitter.shells(try RecoveryFixtures.stlModel(arch, stage: stage))
        let (classes, touches, decisions) = ShellClassifier.classify(shells, stage: stage)
        let bonded = arch.attachments.filter { $0.isActive(atStage: stage) }.count
        #expect(classes.count { $0 == .tooth } == arch.teeth.count)
        #expect(classes.count { $0 == .gingiva } == 1)
        #expect(classes.count { $0 == .attachment } == bonded)
        #expect(touches.count == bonded)
        #expect(decisions.count == shells.count && decisions.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func weldMergesASoupAndKeepsFirstUseOrder() {
        // Two triangles of a square given as a soup of six corners.
        let soup = TriangleMesh(positions: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0], indices: [0, 1, 2, 3, 4, 5])
        let welded = ShellSplitter.weld(soup)
        #expect(welded.vertexCount == 4)
        #expect(welded.indices == [0, 1, 2, 0, 2, 3])
        #expect(ShellSplitter.shells(soup).count == 1)
    }

    @Test func recoveredAttachmentsFollowTheirTooth() throws {
        let plan = try RecoveryFixtures.plan()
        let arch = plan.arches[0]
        let recovered = try RecoveryFixtures.recover(arch)
        let truth = Set(arch.attachments.map(\.tooth))
        #expect(Set(recovered.attachments.map(\.tooth)) == truth)
        #expect(recovered.issues.filter { $0.code == .attachmentFound }.count == recovered.attachments.count)
    }

    @Test func aDeformedToothIsAFinding() throws {
        let plan = try RecoveryFixtures.plan(stages: 2)
        let arch = plan.arches[1]
        let recovered = try RecoveryFixtures.recover(arch) { mesh, stage in
            guard stage == 2 else { return mesh }
            // Swell one crown by 3 % about its centre at stage 2 (same topology, different shape).
            var out = mesh
            let shells = ShellSplitter.shells(mesh)
            guard let crown = shells.first(where: { (6...15).contains($0.extent) })?.mesh.boundingBox else { return mesh }
            for v in 0..<out.vertexCount where crown.contains(out.vertex(v)) {
                let p = out.vertex(v), c = crown.center
                let q = c + (p - c) * 1.03
                out.positions[3 * v] = Float(q.x); out.positions[3 * v + 1] = Float(q.y); out.positions[3 * v + 2] = Float(q.z)
            }
            return out
        }
        #expect(recovered.issues.contains { $0.code == .deformed && $0.stage == 2 })
    }
}
