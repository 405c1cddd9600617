import Foundation
import PlanModel
import RefSegmentedVendor
import Testing
import VendorKit

/// The profile: ClearCorrect's standard limits, 1.5° rotation per aligner for canines and premolars,
/// the per-file triangle cap, and what the sample case gets.
@Suite struct RefSegmentedRuleTests {
    func rotationErrors(_ plan: TreatmentPlan, _ adapter: any VendorAdapter) -> [Finding] {
        adapter.check(plan).errors.filter { $0.code == "stage.step-limit" }
    }

    @Test func premolarRotating1_8DegreesPerStageIsAnError() throws {
        let plan = try RSeg.rotating(14, degreesPerStage: 1.8)
        let errors = rotationErrors(plan, RSeg.adapter)
        #expect(errors.count == 1)
        let e = try #require(errors.first)
        #expect(e.location.tooth?.fdi == 14 && e.limit == 1.5 && e.unit == "°")
        #expect(abs((e.measured ?? 0) - 1.8) < 1e-6)
        #expect(e.message.contains("3 stage(s)"))
        // That generic-stl accepts the same plan: Tests/ConformanceTests (ProfileContrastTests).
    }

    @Test func canineIsLimitedLikeAPremolar() throws {
        #expect(rotationErrors(try RSeg.rotating(33, degreesPerStage: 1.6), RSeg.adapter).count == 1)
        #expect(rotationErrors(try RSeg.rotating(33, degreesPerStage: 1.4), RSeg.adapter).isEmpty)
    }

    @Test func incisorsAndMolarsGetClearCorrectsThreeDegrees() throws {
        #expect(rotationErrors(try RSeg.rotating(11, degreesPerStage: 1.8), RSeg.adapter).isEmpty)
        #expect(rotationErrors(try RSeg.rotating(36, degreesPerStage: 2.9), RSeg.adapter).isEmpty)
        let over = rotationErrors(try RSeg.rotating(11, degreesPerStage: 3.2), RSeg.adapter)
        #expect(over.count == 1 && over.first?.limit == 3)
    }

    @Test func profileIsTheDocumentedData() {
        let d = RSeg.adapter.descriptor
        #expect(d.profile.stepLimits == .clearCorrectStandard)
        #expect(d.profile.limit(.rotation, for: .premolar) == 1.5 && d.profile.limit(.rotation, for: .canine) == 1.5)
        #expect(d.profile.limit(.mesialDistal, for: .premolar) == 0.3 && d.profile.limit(.tip, for: .premolar) == nil)
        #expect(d.profile.source.contains("1.5° per aligner") && d.profile.source.contains("ClearCorrect"))
        #expect(d.profile.maxStages == nil && d.profile.maxTrianglesPerMesh == 100_000 && d.profile.defaultWearIntervalDays == 14)
        #expect(d.container == .tarGzip && d.extensions == ["tar.gz", "tgz"] && d.numbering == .universal && d.meshEncoding == .binaryPLY)
        #expect(!d.capabilities.attachmentKinds.contains(.biteRamp) && d.capabilities.attachmentKinds.count == AttachmentKind.known.count - 1)
        #expect(!d.capabilities.overcorrectionStages && !d.capabilities.primaryTeeth && !d.capabilities.bakedStageMeshes)
    }

    @Test func gingivaOverTheCapIsAnError() {
        var plan = RSeg.plan
        var g = TriangleMesh(positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [])
        g.indices = Array(repeating: [0, 1, 2], count: 100_001).flatMap { $0 }
        plan.arches[0].gingiva = g
        let f = RSeg.adapter.check(plan).errors.first { $0.code == "mesh.triangle-limit" }
        #expect(f?.location.file == "teeth/upper/gingiva.ply" && f?.measured == 100_001)
    }
}
