import Foundation
import PlanModel
import Testing
@testable import PlanPackage

/// 1.2: attachments of unknown kind and the source's label for a kind, and plans without them unchanged.
@Suite struct UnknownAttachmentTests {
    /// The small sample with its first upper attachment made unknown (labelled) and its second labelled.
    func labelledPlan() throws -> TreatmentPlan {
        var plan = try smallPlan()
        #expect(plan.arches[0].attachments.count >= 2)
        plan.arches[0].attachments[0].template = AttachmentTemplate(kind: .unknown, widthMM: 3.1, heightMM: 2.05, depthMM: 0.9,
                                                                    label: "Ellipse 3 mm")
        plan.arches[0].attachments[1].template.label = "Rechteck 4×2"
        return plan
    }

    func json(_ plan: TreatmentPlan) throws -> String {
        String(decoding: try PlanEncoder.document(for: plan).json, as: UTF8.self)
    }

    @Test func unknownKindAndLabelsRoundTripAsVersion1_2() throws {
        let scratch = try Scratch()
        let plan = try labelledPlan()
        let url = scratch.path("case.alignplan")
        try PlanPackage.write(plan, to: url)
        let back = try PlanPackage.read(url)
        #expect(back == plan)
        #expect(back.arches[0].attachments[0].template.kind == .unknown)
        #expect(back.arches[0].attachments[0].template.label == "Ellipse 3 mm")
        let text = try json(plan)
        #expect(text.contains(#""formatVersion" : "1.2""#))
        #expect(text.contains(#""kind" : "unknown""#) && text.contains(#""label" : "Ellipse 3 mm""#))
    }

    @Test func aPlanWithoutThemIsStillWrittenAs1_0WithoutLabelKeys() throws {
        let plan = try smallPlan()
        let text = try json(plan)
        #expect(text.contains(#""formatVersion" : "1.0""#) && !text.contains(#""label""#))
        // Labelling changes the revision; removing the label again restores the same bytes and hash.
        var labelled = plan
        labelled.arches[0].attachments[0].template.label = "x"
        #expect(try PlanRevision.hash(labelled) != PlanRevision.hash(plan))
        labelled.arches[0].attachments[0].template.label = nil
        #expect(try json(labelled) == text)
    }

    @Test func aDerivedPlanWithoutLabelsStays1_1() throws {
        var plan = try smallPlan()
        plan.derivation = PlanDerivation(sourceRevision: String(repeating: "a", count: 64), target: "ref-segmented",
                                         margin: 0.95, sourceAligners: ["upper": 4])
        #expect(try json(plan).contains(#""formatVersion" : "1.1""#))
        plan.arches[0].attachments[0].template.kind = .unknown
        #expect(try json(plan).contains(#""formatVersion" : "1.2""#))
    }

    @Test(arguments: ["", "two\nlines", String(repeating: "x", count: PlanFormat.maxLabelLength + 1)])
    func aBadLabelIsRefusedNamingTheField(label: String) throws {
        let scratch = try Scratch()
        let url = scratch.path("case.alignplan")
        var plan = try labelledPlan()
        plan.arches[0].attachments[1].template.label = label
        try PlanPackage.write(plan, to: url)
        do {
            _ = try PlanPackage.read(url)
            Issue.record("a label of \(label.count) characters was read")
        } catch {
            guard case .invalidValue(let field, _) = error.reason else { Issue.record("\(error)"); return }
            #expect(field == "arches[0].attachments[1].label")
        }
    }
}
