import Foundation
import PlanModel
import SampleCases
import Testing

/// A quick plan: small crowns, so tests stay fast.
func smallPlan(seed: UInt64 = 1, stages: Int? = 12, preset: SampleOptions.Preset = .default) throws -> TreatmentPlan {
    try SampleCase.make(SampleOptions(preset: preset, stages: stages, trianglesPerTooth: 300, seed: seed))
}

@Suite struct SampleCaseTests {
    @Test func sameOptionsGiveTheSamePlanBitForBit() throws {
        let a = try smallPlan(seed: 42), b = try smallPlan(seed: 42)
        #expect(a == b)
        for (x, y) in zip(a.arches, b.arches) {
            for (s, t) in zip(x.teeth, y.teeth) { #expect(s.crown?.contentHash == t.crown?.contentHash) }
            #expect(x.gingiva?.contentHash == y.gingiva?.contentHash)
        }
    }

    @Test func differentSeedsGiveDifferentPlans() throws {
        let a = try smallPlan(seed: 1), b = try smallPlan(seed: 2)
        #expect(a != b)
        #expect(a.metadata.caseID != b.metadata.caseID)
        #expect(a.metadata.patientReference != b.metadata.patientReference)
        #expect(a.upper?.teeth.map(\.frame) != b.upper?.teeth.map(\.frame))
    }

    @Test func hasTheTwentyEightPermanentTeethWithoutThirdMolars() throws {
        let plan = try smallPlan()
        #expect(plan.arches.map(\.jaw) == [.upper, .lower])
        let expected = Set([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27,
                            31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 47])
        let ids = plan.arches.flatMap { $0.teeth.map(\.id.fdi) }
        #expect(ids.count == 28)
        #expect(Set(ids) == expected)
        for arch in plan.arches {
            #expect(arch.teeth.allSatisfy { $0.id.jaw == arch.jaw && $0.status == .present })
            // Stored along the arch: patient's right distal → left distal.
            #expect(arch.teeth.map(\.id.archPosition) == [-7, -6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7])
        }
    }

    @Test func metadataIsPseudonymousAndFixed() throws {
        let plan = try smallPlan(seed: 77)
        let m = plan.metadata
        #expect(m.caseID == "SAMPLE-77")
        #expect(m.patientReference.hasPrefix("PT-"))
        #expect(m.patientReference.count == 15)
        #expect(m.patientReference.dropFirst(3).allSatisfy { $0.isHexDigit })
        #expect(m.doctor == "Dr. A. Example")
        #expect(m.clinic == "Example Orthodontics")
        #expect(m.planner == "aligngate sample generator")
        #expect(m.wearIntervalDays == 14)
        #expect(m.restorativeNotes == "none")
        #expect(!m.notes.isEmpty)
        #expect(m.created == (try smallPlan(seed: 77)).metadata.created)
        #expect(m.created >= Date(timeIntervalSince1970: 1_704_067_200))  // 2024-01-01, never "now"
        #expect(try SampleCase.make(.reference).metadata.caseID == "SAMPLE-REF-1")
    }

    @Test(arguments: [UInt64(1), 2, 3, 12345])
    func passesStructuralValidation(seed: UInt64) throws {
        let plan = try smallPlan(seed: seed)
        let problems = PlanValidator.validate(plan)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func rejectsOptionsOutOfRange() {
        #expect(throws: SampleError.stagesOutOfRange(0, allowed: 1...200)) {
            try SampleCase.make(SampleOptions(stages: 0))
        }
        #expect(throws: SampleError.stagesOutOfRange(201, allowed: 1...200)) {
            try SampleCase.make(SampleOptions(stages: 201))
        }
        #expect(throws: SampleError.trianglesPerToothOutOfRange(199, allowed: 200...50_000)) {
            try SampleCase.make(SampleOptions(trianglesPerTooth: 199))
        }
        #expect(throws: SampleError.trianglesPerToothOutOfRange(50_001, allowed: 200...50_000)) {
            try SampleCase.make(SampleOptions(trianglesPerTooth: 50_001))
        }
        #expect(SampleError.stagesOutOfRange(0, allowed: 1...200).description.contains("1…200"))
    }

    @Test func acceptsTheEdgesOfTheRanges() throws {
        let one = try SampleCase.make(SampleOptions(stages: 1, trianglesPerTooth: 200))
        #expect(one.arches.map(\.alignerCount) == [1, 1])
        let many = try SampleCase.make(SampleOptions(stages: 200, trianglesPerTooth: 200))
        #expect(many.arches.map(\.alignerCount) == [200, 198])
    }

    @Test func presetsResolveTheirValues() {
        #expect(SampleOptions().resolvedStages == 28)
        #expect(SampleOptions.reference.resolvedStages == 40)
        #expect(SampleOptions.reference.preset == .reference)
        #expect(SampleOptions(preset: .reference, stages: 12).resolvedStages == 12)
        #expect(SampleOptions(trianglesPerTooth: 999).resolvedTrianglesPerTooth == 999)
    }

    /// The one test at full size: default and reference triangle budgets.
    @Test func fullSizeTriangleBudgets() throws {
        let standard = try SampleCase.make(SampleOptions())
        for arch in standard.arches {
            #expect((150_000...250_000).contains(arch.totalTriangles), "\(arch.jaw): \(arch.totalTriangles)")
        }
        let reference = try SampleCase.make(.reference)
        for arch in reference.arches {
            #expect(abs(Double(arch.totalTriangles) - 170_000) <= 17_000, "\(arch.jaw): \(arch.totalTriangles)")
            #expect(arch.alignerCount == 40)
        }
        for plan in [standard, reference] {
            for arch in plan.arches {
                for tooth in arch.teeth {
                    guard let crown = tooth.crown else { Issue.record("no crown on \(tooth.id)"); continue }
                    let check = MeshCheck(crown)
                    #expect(check.isClosedAndOriented && check.signedVolume > 0, "\(tooth.id)")
                }
            }
        }
    }
}
