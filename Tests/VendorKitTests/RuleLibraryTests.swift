import Foundation
import PlanModel
import SampleCases
import Testing
import VendorKit

/// A descriptor with everything allowed; tests narrow it.
func openDescriptor(_ edit: (inout VendorDescriptor) -> Void = { _ in }) -> VendorDescriptor {
    var d = VendorDescriptor(
        id: "test", name: "Test system", summary: "for tests", formatVersion: "1", container: .zip, extensions: ["zip"],
        numbering: .fdi, meshEncoding: .binarySTL, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: true, attachmentKinds: AttachmentKind.allCases, ipr: true,
                            elastics: true, passiveStages: true, overcorrectionStages: true, primaryTeeth: true,
                            encryption: false, metadata: true),
        profile: RuleProfile(stepLimits: MovementLimits(), watertightRequired: true, defaultWearIntervalDays: 14, source: "tests"))
    edit(&d)
    return d
}

let rulePlan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 5)))
    ?? TreatmentPlan(metadata: CaseMetadata(caseID: "", patientReference: "", created: Date()), arches: [])

func codes(_ r: Report) -> [String] { r.findings.map(\.code) }

@Suite struct RuleLibraryTests {
    @Test func samplePlanIsCleanForAnOpenSystem() {
        let r = RuleLibrary.check(rulePlan, against: openDescriptor())
        #expect(r.verdict == .compatible, "\(r.findings)")
    }

    @Test func archFormLimitsHoldForTheSampleButTightLimitsDoNot() {
        let archForm = RuleLibrary.check(rulePlan, against: openDescriptor { $0.profile.stepLimits = .archFormDefaults })
        #expect(!codes(archForm).contains(FindingCode.stepLimit))

        let tight = RuleLibrary.check(rulePlan, against: openDescriptor {
            $0.profile.stepLimits = MovementLimits(mesialDistalMM: 0.01, rotationDegrees: 0.1)
        })
        let steps = tight.findings.filter { $0.code == FindingCode.stepLimit }
        #expect(!steps.isEmpty)
        for f in steps {
            #expect(f.severity == .error)
            #expect((f.measured ?? 0) > (f.limit ?? .infinity))
            #expect(f.location.tooth != nil && f.location.stage != nil && f.location.arch != nil)
            #expect(f.unit == "mm" || f.unit == "°")
        }
        // One finding per tooth and kind: no duplicates.
        let keys = steps.map { "\($0.location.arch!)-\($0.location.tooth!)-\($0.unit!)" }
        #expect(Set(keys).count == keys.count)
        // The reported value is the worst step of that tooth (checked against the movement table).
        let f = steps[0]
        let arch = rulePlan.arch(f.location.arch!)!
        let kind: MovementKind = f.unit == "mm" ? .mesialDistal : .rotation
        let worst = Movements.table(for: arch).flatMap { $0.teeth.filter { $0.tooth == f.location.tooth } }.map { abs($0.step[kind]) }.max()
        #expect(abs((worst ?? 0) - (f.measured ?? -1)) < 1e-12)
    }

    @Test func classLimitsOverrideTheGeneralOnes() {
        let d = openDescriptor {
            $0.profile.stepLimits = MovementLimits(rotationDegrees: 100)
            $0.profile.classLimits = [.init(.canine, MovementLimits(rotationDegrees: 0.01))]
        }
        let steps = RuleLibrary.check(rulePlan, against: d).findings.filter { $0.code == FindingCode.stepLimit }
        #expect(!steps.isEmpty)
        #expect(steps.allSatisfy { $0.location.tooth?.toothClass == .canine })
    }

    @Test func stageCountAndStageFlags() {
        let d = openDescriptor {
            $0.profile.maxStages = 5
            $0.capabilities.passiveStages = false
            $0.capabilities.overcorrectionStages = false
        }
        var plan = rulePlan
        plan.arches[1].stages[3].isPassive = true
        let c = codes(RuleLibrary.check(plan, against: d))
        #expect(c.filter { $0 == FindingCode.stageCount }.count == 2)
        #expect(c.contains(FindingCode.passiveUnsupported))
        #expect(c.contains(FindingCode.overcorrectionUnsupported))  // the sample's upper arch ends overcorrected
    }

    @Test func iprCapsAndLoss() {
        let capped = RuleLibrary.check(rulePlan, against: openDescriptor {
            $0.profile.maxIPRPerContactMM = 0.05
            $0.profile.maxIPRTotalMM = 0.1
        })
        #expect(codes(capped).contains(FindingCode.iprContactLimit))
        #expect(codes(capped).contains(FindingCode.iprTotalLimit))
        let none = RuleLibrary.check(rulePlan, against: openDescriptor { $0.capabilities.ipr = false })
        #expect(none.findings.filter { $0.code == FindingCode.iprUnsupported }.allSatisfy { $0.severity == .warning })
        #expect(none.verdict == .lossy)
        #expect(none.strict().verdict == .incompatible)
    }

    @Test func attachmentKindsAndElastics() {
        let r = RuleLibrary.check(rulePlan, against: openDescriptor {
            $0.capabilities.attachmentKinds = [.rectangularHorizontal]
            $0.capabilities.elastics = false
        })
        let kinds = Set(rulePlan.arches.flatMap(\.attachments).map(\.template.kind))
        #expect(codes(r).contains(FindingCode.attachmentKindUnsupported) == !kinds.subtracting([.rectangularHorizontal, .hook, .button, .precisionCut]).isEmpty)
        #expect(codes(r).contains(FindingCode.elasticsUnsupported) == !kinds.isDisjoint(with: [.hook, .button, .precisionCut]))
        #expect(r.errors.isEmpty)
    }

    @Test func meshLimitsPerFileAndClosedness() {
        let perArch = RuleLibrary.check(rulePlan, against: openDescriptor { $0.profile.maxTrianglesPerMesh = 3000 })
        #expect(perArch.findings.filter { $0.code == FindingCode.meshTriangleLimit }.count == 2)  // baked: one per arch
        let perTooth = RuleLibrary.check(rulePlan, against: openDescriptor {
            $0.profile.maxTrianglesPerMesh = 250
            $0.capabilities.bakedStageMeshes = false
        })
        #expect(perTooth.findings.filter { $0.code == FindingCode.meshTriangleLimit }.count == 28)

        var open = rulePlan
        open.arches[0].teeth[0].crown?.indices.removeLast(3)
        let r = RuleLibrary.check(open, against: openDescriptor())
        let bad = r.findings.filter { $0.code == FindingCode.meshNotClosed }
        #expect(bad.count == 1 && bad.first?.location.tooth == open.arches[0].teeth[0].id)
        #expect(RuleLibrary.check(open, against: openDescriptor { $0.profile.watertightRequired = false }).verdict == .compatible)
    }

    @Test func caseLevelLosses() {
        let r = RuleLibrary.check(rulePlan, against: openDescriptor {
            $0.capabilities.metadata = false
            $0.capabilities.segmentedTeeth = false
            $0.profile.defaultWearIntervalDays = 7
        })
        #expect(codes(r).contains(FindingCode.metadataLost))
        #expect(codes(r).contains(FindingCode.segmentationLost))
        #expect(codes(r).contains(FindingCode.wearIntervalDiffers))
    }

    @Test func structuralProblemsBlock() {
        var bad = rulePlan
        bad.metadata.caseID = " "
        let r = RuleLibrary.check(bad, against: openDescriptor())
        #expect(r.errors.map(\.code) == ["plan.empty-case-id"])
    }

    @Test func everyFindingHasARemedy() {
        let d = openDescriptor {
            $0.profile.stepLimits = MovementLimits(mesialDistalMM: 0.01)
            $0.profile.maxStages = 2
            $0.capabilities.ipr = false
            $0.capabilities.metadata = false
        }
        for f in RuleLibrary.check(rulePlan, against: d).findings {
            #expect(!f.message.isEmpty && !f.remedy.isEmpty, "\(f.code)")
            #expect(FindingCode.all.contains(f.code), "\(f.code) is not declared")
        }
    }
}
