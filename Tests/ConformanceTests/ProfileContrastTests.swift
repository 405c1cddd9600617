import Gateway
import PlanModel
import Testing
import VendorKit

/// One plan, two profiles: a per-stage movement a reference profile refuses is fine for generic-stl
/// (which has no movement limits). Here, not in the vendor targets, because it compares two adapters.
@Suite struct ProfileContrastTests {
    func stepErrors(_ plan: TreatmentPlan, _ id: String) throws -> [Finding] {
        try CrossVendor.registry().adapter(id).check(plan).errors.filter { $0.code == FindingCode.stepLimit }
    }

    @Test func refSealedTorqueOverOneDegreePerStageIsFineForGenericSTL() throws {
        let plan = try CrossVendor.turning(21, about: \.mesialAxis, degreesPerStage: 1.2)
        #expect(try stepErrors(plan, "ref-sealed").count == 1)
        #expect(try CrossVendor.registry().adapter("generic-stl").check(plan).errors.isEmpty)
    }

    @Test func refSegmentedPremolarRotating1_8DegreesPerStageIsFineForGenericSTL() throws {
        let plan = try CrossVendor.turning(14, about: \.longAxis, degreesPerStage: 1.8)
        #expect(try stepErrors(plan, "ref-segmented").count == 1)
        #expect(try CrossVendor.registry().adapter("generic-stl").check(plan).errors.isEmpty)
    }
}
