import Foundation
import PlanModel
import PlanPackage
import Testing

/// The canonical plan hash the ledger binds approvals to: stable across writes and forms, sensitive to
/// every clinical change.
@Suite struct PlanRevisionTests {
    @Test func samePlanWrittenTwiceHashesTheSameInEitherForm() throws {
        let plan = try Fixture.plan()
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.alignplan"), b = folder.appendingPathComponent("b.alignplan")
        let zip = folder.appendingPathComponent("c.alignplan")
        try PlanPackage.write(plan, to: a)
        try PlanPackage.write(plan, to: b)
        try PlanPackage.write(plan, to: zip, form: .zip)
        let original = try PlanRevision.hash(plan)
        #expect(original.count == 64)
        #expect(try PlanRevision.hash(PlanPackage.read(a)) == original)
        #expect(try PlanRevision.hash(PlanPackage.read(b)) == original)
        #expect(try PlanRevision.hash(PlanPackage.read(zip)) == original)
    }

    @Test func anyClinicalChangeChangesTheHash() throws {
        let plan = try Fixture.plan()
        let original = try PlanRevision.hash(plan)
        var changes: [String: TreatmentPlan] = [:]

        var pose = plan
        let stage = pose.arches[0].stages.count - 1
        let tooth = try #require(pose.arches[0].stages[stage].poses.keys.sorted().first)
        pose.arches[0].stages[stage].poses[tooth]?.translation.x += 0.01
        changes["pose"] = pose

        var attachment = plan
        try #require(!attachment.arches[0].attachments.isEmpty)
        attachment.arches[0].attachments[0].placement.translation.y += 0.01
        changes["attachment"] = attachment

        var ipr = plan
        let withIPR = try #require(ipr.arches.firstIndex { !$0.ipr.isEmpty })
        ipr.arches[withIPR].ipr[0].amountMM += 0.05
        changes["ipr"] = ipr

        var vertex = plan
        let crowned = try #require(vertex.arches[0].teeth.firstIndex { $0.crown != nil })
        vertex.arches[0].teeth[crowned].crown?.positions[0] += 0.001
        changes["mesh vertex"] = vertex

        var hashes: Set<String> = [original]
        for (what, changed) in changes.sorted(by: { $0.key < $1.key }) {
            let hash = try PlanRevision.hash(changed)
            #expect(hash != original, "changing one \(what) must change the revision hash")
            hashes.insert(hash)
        }
        #expect(hashes.count == changes.count + 1)
    }
}
