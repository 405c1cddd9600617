import PlanModel

/// The collision checkpoint: neighbouring crowns must not be pushed into each other by the plan.
///
/// At every stage after stage 0, a contact's overlap depth (`CrownOverlap`) beyond the overlap the initial
/// scan already shows there (stage 0's: what the teeth touch with, or a segmentation's overlap — the plan
/// does not cause it), the IPR planned at that contact up to that stage and `toleranceMM` is a
/// `stage.collision` finding, as the system's profile grades it (a warning by default). One finding per
/// contact, at its worst stage, with the count of stages over (docs/FINDINGS.md, docs/MODEL.md).
enum CollisionRules {
    /// Overlap below this is mesh resolution and contact tightness, not a collision (mm).
    static let toleranceMM = 0.05
    /// The geometry is the same for every system a matrix checks: measured once per plan.
    static let overlaps = RecentMemo<[Arch], [[ContactOverlap]]>(capacity: 4)

    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        let segmented = plan.arches.filter { !$0.movableTeeth.isEmpty && $0.stages.count > 1 }
        guard !segmented.isEmpty else { return [] }
        let measured = overlaps.value(for: segmented) { ArchCollisions.overlaps(segmented) }
        return zip(segmented, measured).flatMap { arch, rows in findings(arch, rows, d) }
    }

    struct Excess {
        var stage: Int
        var depth: Double
        var allowed: Double
        var ipr: Double
    }

    static func findings(_ arch: Arch, _ rows: [ContactOverlap], _ d: VendorDescriptor) -> [Finding] {
        let first = arch.stages.map(\.index).min() ?? 0
        var baseline: [ToothContact: Double] = [:]
        for row in rows where row.stage == first { baseline[row.contact] = row.depthMM }
        var worst: [ToothContact: (excess: Excess, count: Int)] = [:]
        var order: [ToothContact] = []
        for row in rows where row.stage > first {
            let ipr = arch.ipr.filter { $0.contact == row.contact && $0.beforeStage <= row.stage }.reduce(0) { $0 + $1.amountMM }
            let allowed = (baseline[row.contact] ?? 0) + ipr + toleranceMM
            guard row.depthMM > allowed + 1e-9 else { continue }
            let excess = Excess(stage: row.stage, depth: row.depthMM, allowed: allowed, ipr: ipr)
            if let w = worst[row.contact] {
                let deeper = row.depthMM - allowed > w.excess.depth - w.excess.allowed
                worst[row.contact] = (deeper ? excess : w.excess, w.count + 1)
            } else {
                worst[row.contact] = (excess, 1)
                order.append(row.contact)
            }
        }
        return order.compactMap { contact in
            guard let (e, count) = worst[contact] else { return nil }
            let more = e.depth - e.allowed + toleranceMM
            let scan = baseline[contact] ?? 0
            return Finding(FindingCode.collision, d.profile.collisionSeverity,
                           at: FindingLocation(arch: arch.jaw, stage: e.stage, tooth: contact.first),
                           measured: e.depth, limit: e.allowed, unit: "mm",
                           message: "Teeth \(contact.first) and \(contact.second) overlap by \(StageRules.fmt(e.depth)) mm at stage \(e.stage) (initial scan \(StageRules.fmt(scan)) mm, IPR planned there by then \(StageRules.fmt(e.ipr)) mm, tolerance \(StageRules.fmt(toleranceMM)) mm); \(count) stage(s) exceed it.",
                           remedy: "Plan about \(StageRules.fmt((more * 100).rounded(.up) / 100)) mm more IPR at \(contact) before stage \(e.stage), or stage the movement so the crowns make room first.")
        }
    }
}
