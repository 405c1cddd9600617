import Foundation
import PlanModel
import SampleCases
import Testing
import VendorKit

/// `stage.collision`: overlap beyond the scan's, the planned IPR and the tolerance; graded by the profile.
@Suite struct CollisionRuleTests {
    static func tooth(_ fdi: Int) -> ToothID { (try? ToothID(fdi: fdi)) ?? ToothID.alongArch(.upper)[0] }

    /// A closed, outward-facing box.
    static func box(_ lo: Vector3, _ hi: Vector3) -> TriangleMesh {
        let v = (0..<8).map { i in Vector3(i & 1 == 0 ? lo.x : hi.x, i & 2 == 0 ? lo.y : hi.y, i & 4 == 0 ? lo.z : hi.z) }
        let faces: [UInt32] = [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5]
        return TriangleMesh(positions: v.flatMap { [Float($0.x), Float($0.y), Float($0.z)] }, indices: faces)
    }

    /// Crowns 11 and 21 as 8 mm boxes (21 offset 2 mm up and back, so corners sit well inside) `gap` apart at stage 0 (negative: overlapping); at each later stage
    /// 21 moves by the next entry of `approach` (mm towards 11, cumulative from stage 0).
    static func plan(gap: Double, approach: [Double], ipr: [IPREvent] = []) -> TreatmentPlan {
        let crown11 = box(Vector3(-8, 0, 0), Vector3(0, 8, 8))
        let crown21 = box(Vector3(gap, 2, 2), Vector3(gap + 8, 10, 10))
        func frame(_ mesh: TriangleMesh, mesial: Vector3) -> CrownFrame {
            CrownFrame(origin: mesh.boundingBox?.center ?? .zero, longAxis: -Vector3.unitZ, mesialAxis: mesial,
                       facialAxis: mesial.cross(-Vector3.unitZ).normalized)
        }
        let teeth = [Tooth(id: tooth(11), crown: crown11, frame: frame(crown11, mesial: .unitX)),
                     Tooth(id: tooth(21), crown: crown21, frame: frame(crown21, mesial: -Vector3.unitX))]
        let stages = [Stage(index: 0)] + approach.enumerated().map { i, d in
            Stage(index: i + 1, poses: [tooth(11): .identity, tooth(21): RigidTransform(translation: Vector3(-d, 0, 0))])
        }
        return TreatmentPlan(metadata: CaseMetadata(caseID: "C-1", patientReference: "P", created: Date(timeIntervalSince1970: 0)),
                             arches: [Arch(jaw: .upper, teeth: teeth, stages: stages, ipr: ipr)])
    }

    static func collisions(_ plan: TreatmentPlan, _ edit: (inout VendorDescriptor) -> Void = { _ in }) -> [Finding] {
        RuleLibrary.check(plan, against: openDescriptor(edit)).findings.filter { $0.code == FindingCode.collision }
    }

    @Test func overlapBeyondTheToleranceIsAWarningWithItsDepth() throws {
        let found = Self.collisions(Self.plan(gap: 0, approach: [0.03, 0.3, 0.2]))
        let f = try #require(found.first)
        #expect(found.count == 1)
        #expect(f.severity == .warning)
        #expect(f.location.stage == 2 && f.location.tooth == Self.tooth(11) && f.location.arch == .upper)
        #expect(abs((f.measured ?? 0) - 0.3) < 0.01)
        #expect(abs((f.limit ?? 0) - 0.05) < 1e-9)
        #expect(f.message.contains("11 and 21") && f.message.contains("2 stage(s)"), "\(f.message)")
        #expect(f.remedy.contains("IPR at 11-21 before stage 2"), "\(f.remedy)")
    }

    @Test func plannedIPRSuppressesIt() {
        // 0.3 mm of IPR before stage 1 makes room for the 0.3 mm the teeth close by.
        let made = IPREvent(contact: ToothContact(Self.tooth(11), Self.tooth(21)), amountMM: 0.3, beforeStage: 1)
        #expect(Self.collisions(Self.plan(gap: 0, approach: [0.1, 0.3], ipr: [made])).isEmpty)
        // IPR planned only before stage 2 does not cover stage 1.
        let late = IPREvent(contact: made.contact, amountMM: 0.3, beforeStage: 2)
        let early = Self.collisions(Self.plan(gap: 0, approach: [0.3, 0.3], ipr: [late]))
        #expect(early.map(\.location.stage) == [1])
        // Too little IPR: flagged, the limit is IPR + tolerance.
        let little = IPREvent(contact: made.contact, amountMM: 0.1, beforeStage: 1)
        let short = Self.collisions(Self.plan(gap: 0, approach: [0.3], ipr: [little]))
        #expect(short.count == 1 && abs((short.first?.limit ?? 0) - 0.15) < 1e-9)
    }

    @Test func theInitialScansOverlapIsTheBaseline() {
        // Crowns that overlap 0.4 mm in the scan and keep it: nothing the plan did.
        #expect(Self.collisions(Self.plan(gap: -0.4, approach: [0, 0.02, 0])).isEmpty)
        // Pushed 0.2 mm further in: flagged, measured 0.6 against 0.4 + 0.05.
        let deeper = Self.collisions(Self.plan(gap: -0.4, approach: [0.2]))
        #expect(deeper.count == 1 && abs((deeper.first?.measured ?? 0) - 0.6) < 0.01)
    }

    @Test func aSystemProfileMayMakeItAnError() {
        let found = Self.collisions(Self.plan(gap: 0, approach: [0.3])) { $0.profile.collisionSeverity = .error }
        #expect(found.map(\.severity) == [.error])
    }

    /// The sample's real contacts: crowded at stage 0, resolved by the goal, never pushed deeper than the
    /// scan shows, so no `stage.collision` (docs/MODEL.md gives the figures).
    @Test func theSamplesContactsAreMeasuredAndWithinTheScansOverlap() throws {
        let plan = try SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 800, seed: 1))
        let all = ArchCollisions.overlaps(plan.arches)
        for (arch, rows) in zip(plan.arches, all) {
            #expect(rows.count == ArchCollisions.contacts(arch).count * arch.stages.count)
            #expect(ArchCollisions.contacts(arch).count == 13)
            let initial = rows.filter { $0.stage == 0 }
            let goal = try #require(arch.stages.last { !$0.isOvercorrection && !$0.isPassive }?.index)
            // Crowded at the start: some neighbours interpenetrate by a tenth of a millimetre or more.
            #expect((initial.map(\.depthMM).max() ?? 0) > 0.1, "\(arch.jaw)")
            // At the goal they touch (within the meshes' chord error), as the sample's own contact test says.
            #expect(rows.filter { $0.stage == goal }.allSatisfy { $0.depthMM < 0.15 }, "\(arch.jaw)")
            for row in rows where row.stage > 0 {
                let scan = initial.first { $0.contact == row.contact }?.depthMM ?? 0
                #expect(row.depthMM <= scan + 0.05, "\(arch.jaw) \(row.contact) stage \(row.stage)")
            }
        }
        #expect(Self.collisions(plan).isEmpty)
    }

    @Test func aRememberedMeasurementChecksAsAFreshOne() {
        // 21 pushed 0.4 mm into 11 by stage 2: one finding, whether the overlaps are measured or remembered.
        let plan = Self.plan(gap: 0, approach: [0.2, 0.4])
        RuleLibrary.forgetMeasurements()
        let fresh = RuleLibrary.check(plan, against: openDescriptor())
        let remembered = RuleLibrary.check(plan, against: openDescriptor { $0.profile.collisionSeverity = .error })
        #expect(fresh.findings.filter { $0.code == FindingCode.collision }.count == 1)
        #expect(remembered.errors.filter { $0.code == FindingCode.collision }.count == 1)
        RuleLibrary.forgetMeasurements()
        #expect(RuleLibrary.check(plan, against: openDescriptor()) == fresh)
    }
}
