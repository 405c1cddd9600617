import PlanModel
import StageRecovery
import Testing

/// Attachment solids become attachments of kind unknown in the recovered arch: the tooth they touch,
/// the stages they are seen at, their size and place from the solid.
@Suite struct AttachmentRecoveryTests {
    /// The centre of an attachment's box in model coordinates at stage 0.
    static func centre(_ a: PlanModel.Attachment, in arch: Arch) -> Vector3? {
        guard let frame = arch.tooth(a.tooth)?.frame else { return nil }
        return frame.localToModel.composed(with: a.placement).apply(to: Vector3(0, 0, a.template.depthMM / 2))
    }

    @Test(arguments: [0, 1])
    func everyBondedSolidIsAnUnknownAttachmentWithItsStagesSizeAndPlace(archIndex: Int) throws {
        let plan = try RecoveryFixtures.plan(stages: 12)
        let truth = plan.arches[archIndex]
        let recovered = try RecoveryFixtures.recover(truth)
        let order = { (a: PlanModel.Attachment, b: PlanModel.Attachment) in (a.tooth.archPosition, a.stagePlaced) < (b.tooth.archPosition, b.stagePlaced) }
        let got = recovered.arch.attachments.sorted(by: order), want = truth.attachments.sorted(by: order)
        #expect(!want.isEmpty && got.count == want.count, "\(got.count) recovered, \(want.count) bonded")
        for (g, w) in zip(got, want) {
            #expect(g.template.kind == .unknown && g.template.label == nil)
            #expect(g.tooth == w.tooth && g.stagePlaced == w.stagePlaced && g.stageRemoved == w.stageRemoved,
                    "\(w.tooth) \(w.template.kind): stages \(g.stagePlaced)…\(g.stageRemoved.map(String.init) ?? "end"), want \(w.stagePlaced)…\(w.stageRemoved.map(String.init) ?? "end")")
            // Size: the solid's extents in its own frame, which is near the template's.
            let dims = [(g.template.widthMM, w.template.widthMM), (g.template.heightMM, w.template.heightMM), (g.template.depthMM, w.template.depthMM)]
            for (a, b) in dims { #expect(abs(a - b) <= 0.3, "\(w.tooth) \(w.template.kind): \(dims)") }
            let placed = try #require(Self.centre(g, in: recovered.arch)), sent = try #require(Self.centre(w, in: truth))
            #expect((placed - sent).length <= 0.3, "\(w.tooth) \(w.template.kind): \((placed - sent).length) mm off")
        }
        #expect(PlanValidator.validate(TreatmentPlan(metadata: plan.metadata, arches: [recovered.arch])).filter {
            $0.code.rawValue.hasPrefix("attachment")
        }.isEmpty)
    }

    /// A solid too large for a template (over 10 mm) stays a note, not an invented attachment.
    @Test func aSolidLargerThanATemplateStaysInTheModelsOnly() throws {
        let big = RecoveredAttachment(tooth: try ToothID(fdi: 11), firstStage: 1, lastStage: 3,
                                      solid: AttachmentTemplate(kind: .button, widthMM: 9.5, heightMM: 9.5, depthMM: 1).mesh()
                                          .transformed(by: RigidTransform(rotation: .identity, translation: Vector3(0, 0, 5))))
        let frame = CrownFrame(origin: .zero, longAxis: .unitY, mesialAxis: .unitX, facialAxis: .unitZ)
        #expect(big.attachment(frame: frame, lastStageOfArch: 5) != nil)  // 9.5 mm wide: still a template
        var bigger = big
        bigger.solid = AttachmentTemplate(kind: .button, widthMM: 10, heightMM: 10, depthMM: 1).mesh()
            .transformed(by: RigidTransform(rotation: .identity, translation: Vector3(0, 0, 5)))
        bigger.solid.positions = bigger.solid.positions.map { $0 * 1.2 }  // 12 mm wide
        #expect(bigger.attachment(frame: frame, lastStageOfArch: 5) == nil)
        let kept = big.attachment(frame: frame, lastStageOfArch: 3)
        #expect(kept?.stagePlaced == 1 && kept?.stageRemoved == nil)
        #expect(big.attachment(frame: frame, lastStageOfArch: 5)?.stageRemoved == 4)
    }
}
