import Foundation
import PlanModel
import RefSealedVendor
import Testing
import VendorKit

/// The profile: ArchForm's default stage parameters, 50 aligners per arch, no power ridges or precision
/// cuts, 500,000 triangles per baked model.
@Suite struct RefSealedRuleTests {
    func stepErrors(_ plan: TreatmentPlan) -> [Finding] {
        RSeal.adapter.check(plan).errors.filter { $0.code == "stage.step-limit" }
    }

    @Test func torqueOverOneDegreePerStageIsAnError() throws {
        let plan = try RSeal.turning(21, about: \.mesialAxis, degreesPerStage: 1.2)
        let errors = stepErrors(plan)
        #expect(errors.count == 1 && errors.first?.limit == 1.0 && errors.first?.location.tooth?.fdi == 21)
        #expect(errors.first?.message.contains("torque") == true)
        // That generic-stl accepts the same plan: Tests/ConformanceTests (ProfileContrastTests).
        #expect(stepErrors(try RSeal.turning(21, about: \.mesialAxis, degreesPerStage: 0.9)).isEmpty)
    }

    @Test func rotationAndTipAreLimitedToTwoDegreesForEveryTooth() throws {
        #expect(stepErrors(try RSeal.turning(11, about: \.longAxis, degreesPerStage: 2.2)).first?.limit == 2)
        #expect(stepErrors(try RSeal.turning(36, about: \.facialAxis, degreesPerStage: 2.2)).first?.limit == 2)
        #expect(stepErrors(try RSeal.turning(14, about: \.longAxis, degreesPerStage: 1.8)).isEmpty)
    }

    @Test func moreThanFiftyAlignersIsAnError() throws {
        var plan = RSeal.plan
        plan.arches = [plan.arches[0]]
        var arch = plan.arches[0]
        let last = try #require(arch.stages.last)
        for i in arch.stages.count...51 { arch.stages.append(Stage(index: i, poses: last.poses)) }
        plan.arches[0] = arch
        let f = RSeal.adapter.check(plan).errors.first { $0.code == "stage.count-limit" }
        #expect(f?.measured == 51 && f?.limit == 50)
    }

    @Test func precisionCutsAreLossyAndAnErrorUnderStrict() throws {
        let report = RSeal.adapter.check(RSeal.plan)
        let cuts = report.warnings.filter { $0.code == "attachment.kind-unsupported" }
        #expect(cuts.count == 2 && cuts.allSatisfy { $0.message.contains("precision-cut") })
        // Buttons are elastics auxiliaries the baked models carry: no warning for them.
        #expect(!report.findings.contains { $0.code == "attachment.elastics-unsupported" })
        #expect(report.verdict == .lossy)
        #expect(report.strict().verdict == .incompatible)
        #expect(report.notes.contains { $0.code == "teeth.segmentation-lost" })
    }

    @Test func profileIsTheDocumentedData() {
        let d = RSeal.adapter.descriptor
        #expect(d.profile.stepLimits == .archFormDefaults && d.profile.classLimits.isEmpty)
        #expect(d.profile.maxStages == 50 && d.profile.maxTrianglesPerMesh == 500_000 && d.profile.watertightRequired)
        #expect(d.profile.source.contains("ArchForm"))
        #expect(d.container == .encryptedZip && d.extensions == ["zip"] && d.numbering == .fdi && d.meshEncoding == .binarySTL)
        let c = d.capabilities
        #expect(c.encryption && c.bakedStageMeshes && !c.segmentedTeeth && c.overcorrectionStages && c.primaryTeeth && c.elastics)
        #expect(!c.attachmentKinds.contains(.powerRidge) && !c.attachmentKinds.contains(.precisionCut) && c.attachmentKinds.contains(.button))
    }
}
