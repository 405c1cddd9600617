import PlanModel

/// Compares a plan read back with the plan exported, in what a format claims to carry (its capabilities:
/// which stages, exact or estimated frames, …): the conformance kit's round-trip check and the demo's
/// confirmation use it.
public struct PlanComparison: Sendable {
    public let tolerance: Double
    public let capabilities: VendorDescriptor.Capabilities
    /// Every difference found (at most 25), in words.
    public private(set) var failures: [String] = []
    /// The largest pose or vertex difference seen (mm).
    public private(set) var largestDifferenceMM = 0.0

    public init(tolerance: Double, capabilities: VendorDescriptor.Capabilities) {
        self.tolerance = tolerance
        self.capabilities = capabilities
    }

    /// Compares `read` with `sent`.
    public static func compare(_ sent: TreatmentPlan, _ read: TreatmentPlan, tolerance: Double,
                               capabilities: VendorDescriptor.Capabilities) -> PlanComparison {
        var c = PlanComparison(tolerance: tolerance, capabilities: capabilities)
        c.compare(sent, read)
        return c
    }

    public mutating func compare(_ sent: TreatmentPlan, _ read: TreatmentPlan) {
        expect(read.metadata.caseID == sent.metadata.caseID, "case id \(read.metadata.caseID) ≠ \(sent.metadata.caseID)")
        if capabilities.metadata {
            expect(read.metadata == sent.metadata, "case metadata differs: \(read.metadata) ≠ \(sent.metadata)")
        }
        expect(read.arches.map(\.jaw) == sent.arches.map(\.jaw), "arches \(read.arches.map(\.jaw)) ≠ \(sent.arches.map(\.jaw))")
        for (a, b) in zip(sent.arches, read.arches) { compare(a, b) }
    }

    mutating func compare(_ sent: Arch, _ read: Arch) {
        let jaw = sent.jaw.rawValue
        // What the format carries: every stage, or (a scan format) stage 0 alone.
        let stages = capabilities.stages == .all ? sent.stages : sent.stages.filter { $0.index == 0 }
        expect(read.stages.map(\.index) == stages.map(\.index), "\(jaw): stage indices differ")
        if capabilities.passiveStages {
            expect(read.stages.map(\.isPassive) == stages.map(\.isPassive), "\(jaw): passive flags differ")
        }
        if capabilities.overcorrectionStages {
            expect(read.stages.map(\.isOvercorrection) == stages.map(\.isOvercorrection), "\(jaw): overcorrection flags differ")
        }
        if capabilities.segmentedTeeth {
            expect(read.teeth.map(\.id) == sent.teeth.map(\.id), "\(jaw): teeth \(read.teeth.map(\.id)) ≠ \(sent.teeth.map(\.id))")
            for (t, u) in zip(sent.teeth, read.teeth) where t.id == u.id {
                expect(u.status == t.status, "tooth \(t.id): status \(u.status) ≠ \(t.status)")
                mesh(t.crown, u.crown, "tooth \(t.id) crown")
                switch capabilities.crownFrames {
                case .exact:
                    expect(frameDifference(t.frame, u.frame) <= tolerance, "tooth \(t.id): crown frame differs")
                case .estimated:
                    // An estimate cannot match the planner's frame; it must still be a frame movements can use.
                    expect(u.frame.isOrthonormal() && u.frame.isRightHanded == t.frame.isRightHanded,
                           "tooth \(t.id): estimated crown frame is not orthonormal with the handedness of the frame sent")
                }
                for stage in stages where t.status.hasCrown {
                    let d = sent.pose(of: t.id, atStage: stage.index).maxDifference(to: read.pose(of: t.id, atStage: stage.index))
                    largestDifferenceMM = max(largestDifferenceMM, d)
                    expect(d <= tolerance, "tooth \(t.id) stage \(stage.index): pose differs by \(d)")
                }
            }
            mesh(sent.gingiva, read.gingiva, "\(jaw) gingiva")
        }
        let kinds = Set(capabilities.attachmentKinds)
        let carried = sent.attachments.filter { kinds.contains($0.template.kind) }
        // A reader may recover attachments of kind unknown from the solids in baked models (stl-series):
        // compared with what was baked, on tooth and stages; their kind and template are not carried.
        let isRecovered = { (a: Attachment) in a.template.kind == .unknown && !kinds.contains(.unknown) }
        let recovered = read.attachments.filter(isRecovered)
        let direct = read.attachments.filter { !isRecovered($0) }
        if !recovered.isEmpty {
            let baked = sent.attachments.filter { $0.template.kind != .unknown }
            expect(capabilities.bakedStageMeshes, "\(jaw): attachments of unknown kind read from a format that bakes no models")
            expect(recovered.count == baked.count, "\(jaw): \(recovered.count) attachment solids recovered, \(baked.count) baked")
            let order = { (a: Attachment, b: Attachment) in (a.tooth.archPosition, a.stagePlaced) < (b.tooth.archPosition, b.stagePlaced) }
            for (a, b) in zip(baked.sorted(by: order), recovered.sorted(by: order)) {
                expect(a.tooth == b.tooth && a.stagePlaced == b.stagePlaced && a.stageRemoved == b.stageRemoved,
                       "\(jaw): attachment solid on \(a.tooth) (stages \(a.stagePlaced)…) recovered as \(b.tooth) (stages \(b.stagePlaced)…)")
            }
        }
        expect(direct.count == carried.count, "\(jaw): \(direct.count) attachments read, \(carried.count) sent")
        for (a, b) in zip(carried, direct) {
            expect(a.tooth == b.tooth && a.template.kind == b.template.kind && a.stagePlaced == b.stagePlaced
                   && a.stageRemoved == b.stageRemoved, "\(jaw): attachment on \(a.tooth) differs")
            expect(abs(a.template.widthMM - b.template.widthMM) <= tolerance && abs(a.template.heightMM - b.template.heightMM) <= tolerance
                   && abs(a.template.depthMM - b.template.depthMM) <= tolerance, "\(jaw): attachment on \(a.tooth): dimensions differ")
            expect(a.placement.maxDifference(to: b.placement) <= tolerance, "\(jaw): attachment on \(a.tooth): placement differs")
        }
        if capabilities.ipr {
            expect(read.ipr.count == sent.ipr.count, "\(jaw): \(read.ipr.count) IPR events read, \(sent.ipr.count) sent")
            for (a, b) in zip(sent.ipr, read.ipr) {
                expect(a.contact == b.contact && a.beforeStage == b.beforeStage && abs(a.amountMM - b.amountMM) <= 1e-9,
                       "\(jaw): IPR \(a.contact) differs")
            }
        }
    }

    /// Same triangles with the same corners in the same order, within the tolerance: vertex numbering may differ.
    mutating func mesh(_ sent: TriangleMesh?, _ read: TriangleMesh?, _ what: String) {
        guard let sent else { expect(read == nil, "\(what): read a mesh that was not sent"); return }
        guard let read else { failures.append("\(what): missing"); return }
        guard sent.triangleCount == read.triangleCount else {
            failures.append("\(what): \(read.triangleCount) triangles read, \(sent.triangleCount) sent")
            return
        }
        var worst = 0.0
        for t in 0..<sent.triangleCount {
            let (a0, a1, a2) = sent.triangle(t), (b0, b1, b2) = read.triangle(t)
            for (i, j) in [(a0, b0), (a1, b1), (a2, b2)] {
                worst = max(worst, sent.vertex(Int(i)).maxDifference(to: read.vertex(Int(j))))
            }
        }
        largestDifferenceMM = max(largestDifferenceMM, worst)
        expect(worst <= tolerance, "\(what): vertices differ by up to \(worst) mm")
    }

    func frameDifference(_ a: CrownFrame, _ b: CrownFrame) -> Double {
        max(a.origin.maxDifference(to: b.origin), a.longAxis.maxDifference(to: b.longAxis),
            a.mesialAxis.maxDifference(to: b.mesialAxis), a.facialAxis.maxDifference(to: b.facialAxis))
    }

    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition && failures.count < 25 { failures.append(message()) }
    }
}
