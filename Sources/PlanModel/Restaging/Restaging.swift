/// How one arch was restaged: the sub-steps of every original step and where each original stage went.
public struct ArchRestaging: Hashable, Codable, Sendable {
    public var jaw: Jaw
    /// k_s for every original step, in stage order (the step into the first stage after stage 0 first).
    public var subSteps: [Int]
    /// The new index of every original stage, in stage order (stage 0 stays 0).
    public var newIndex: [Int: Int]
    /// Aligners before and after (after includes `padding`).
    public var originalAligners: Int
    public var aligners: Int
    /// Passive aligners added at the end so arches that ended together still do.
    public var padding: Int

    /// Aligners added.
    public var added: Int { aligners - originalAligners }
}

/// Why a plan cannot be restaged.
public enum RestageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The margin must lie in (0, 1].
    case invalidMargin(Double)
    /// A tooth moves in a kind whose limit is zero (or not positive): no number of sub-steps fits.
    case zeroLimit(jaw: Jaw, tooth: ToothID, kind: MovementKind, stage: Int)
    /// The restaged arch needs `needed` aligners, more than `cap`.
    case tooManyAligners(jaw: Jaw, needed: Int, cap: Int)
    /// The derived plan's check still found `count` step-limit errors (a defect: it is never written).
    case stillOverLimits(count: Int)

    public var description: String {
        switch self {
        case let .invalidMargin(m): return "the margin must be > 0 and ≤ 1 (got \(m))"
        case let .zeroLimit(jaw, tooth, kind, stage):
            return "the \(jaw.rawValue) arch's tooth \(tooth) moves in \(kind.title) at stage \(stage), which the target does not allow at all"
        case let .tooManyAligners(jaw, needed, cap):
            return "restaging needs \(needed) aligners on the \(jaw.rawValue) arch; at most \(cap) are allowed"
        case let .stillOverLimits(count):
            return "the restaged plan still has \(count) step-limit error(s); nothing was written"
        }
    }
}

/// Restaging: splitting every original step into the fewest equal sub-steps along `StepPath` so that
/// every tooth's every sub-step is within margin × the target's limit for that tooth, as `Movements`
/// measures it. Pure: the target's limits come in as a function.
public enum Restaging {
    /// The largest sub-step k steps may still exceed a limit by and pass (the rule library's rounding allowance is 1e-6).
    static let tolerance = 1e-9
    /// No step is split into more sub-steps than this (a guard; a real plan needs a handful).
    static let maxSubSteps = 10_000

    /// The restaged plan and what happened to each arch. When nothing needs splitting (and no arch needs
    /// padding) the plan is returned unchanged. `limit(tooth, kind)` is the target's per-stage limit
    /// (nil = unlimited); `maxAligners` caps every arch.
    public static func restage(_ plan: TreatmentPlan, margin: Double, maxAligners: Int? = nil,
                               limit: (ToothID, MovementKind) -> Double?) throws(RestageError) -> (plan: TreatmentPlan, arches: [ArchRestaging]) {
        guard margin > 0, margin <= 1 else { throw .invalidMargin(margin) }
        var arches: [Arch] = []
        var reports: [ArchRestaging] = []
        for arch in plan.arches {
            let (restaged, report) = try restage(arch, margin: margin, limit: limit)
            arches.append(restaged)
            reports.append(report)
        }
        // Arches the source ended together (the same aligner count, usually by passive padding) end together.
        let counts = plan.arches.map(\.alignerCount)
        if counts.count > 1, Set(counts).count == 1, let longest = reports.map(\.aligners).max() {
            for i in arches.indices where reports[i].aligners < longest {
                pad(&arches[i], to: longest)
                reports[i].padding = longest - reports[i].aligners
                reports[i].aligners = longest
            }
        }
        if let cap = maxAligners, let over = reports.first(where: { $0.aligners > cap }) {
            throw .tooManyAligners(jaw: over.jaw, needed: over.aligners, cap: cap)
        }
        guard reports.contains(where: { $0.added > 0 }) else { return (plan, reports) }
        var out = plan
        out.arches = arches
        return (out, reports)
    }

    /// One arch restaged (no padding).
    static func restage(_ arch: Arch, margin: Double, limit: (ToothID, MovementKind) -> Double?) throws(RestageError) -> (Arch, ArchRestaging) {
        let stages = arch.stages.sorted { $0.index < $1.index }
        let teeth = arch.movableTeeth
        var newStages: [Stage] = []
        var newIndex: [Int: Int] = [:]
        var subSteps: [Int] = []
        var previous: Stage?
        for stage in stages {
            guard let before = previous, stage.index > 0 else {
                // Stage 0 (and anything before it) is kept as it is.
                var kept = stage
                kept.index = newStages.count
                newIndex[stage.index] = kept.index
                newStages.append(kept)
                previous = stage
                continue
            }
            // Poses are relative to stage 0, so "before stage 1" is identity whatever stage 0 lists (as `Movements`).
            let fromPoses = before.index > 0 ? before.poses : [:]
            let posed = teeth.filter { stage.poses[$0.id] != nil || fromPoses[$0.id] != nil }
            let paths = posed.map { tooth in
                (tooth, StepPath(origin: tooth.frame.origin, from: fromPoses[tooth.id] ?? .identity,
                                 to: stage.poses[tooth.id] ?? .identity))
            }
            let k = try subStepCount(paths, margin: margin, limit: limit, jaw: arch.jaw, stage: stage.index)
            let knots = paths.map { $0.1.knots(k) }
            for j in 0..<k {
                var sub = stage
                sub.index = newStages.count
                if j < k - 1 {
                    // Inserted sub-stages lead into this stage and share its passive / overcorrection flag.
                    sub.poses = stage.poses
                    for (p, path) in paths.enumerated() { sub.poses[path.0.id] = knots[p][j] }
                }
                newStages.append(sub)
            }
            newIndex[stage.index] = newStages.count - 1
            subSteps.append(k)
            previous = stage
        }
        var out = arch
        out.stages = newStages
        let map = { (before: Int) -> Int in firstAligner(ofStep: before, stages: stages, newIndex: newIndex) }
        out.attachments = arch.attachments.map { a in
            var a = a
            a.stagePlaced = map(a.stagePlaced)
            a.stageRemoved = a.stageRemoved.map(map)
            return a
        }
        out.ipr = arch.ipr.map { e in
            var e = e
            e.beforeStage = map(e.beforeStage)
            return e
        }
        let report = ArchRestaging(jaw: arch.jaw, subSteps: subSteps, newIndex: newIndex,
                                   originalAligners: arch.alignerCount, aligners: out.alignerCount, padding: 0)
        return (out, report)
    }

    /// The least k for which every sub-step of every path is within margin × its limit. The rotations'
    /// sub-steps are exactly 1/k of the step (see `StepPath`), which gives the lower bound; from there k
    /// grows until the translations pass too.
    static func subStepCount(_ paths: [(Tooth, StepPath)], margin: Double, limit: (ToothID, MovementKind) -> Double?,
                             jaw: Jaw, stage: Int) throws(RestageError) -> Int {
        var k = 1
        for (tooth, path) in paths {
            let whole = Movements.movement(of: tooth.frame, from: path.from, to: path.to)
            for kind in MovementKind.allCases {
                guard let cap = limit(tooth.id, kind) else { continue }
                let value = abs(whole[kind])
                guard value > tolerance else { continue }
                guard cap > 0 else { throw .zeroLimit(jaw: jaw, tooth: tooth.id, kind: kind, stage: stage) }
                if !kind.isLinear { k = max(k, Int((value / (margin * cap) - 1e-12).rounded(.up))) }
            }
        }
        while k < maxSubSteps && !fits(paths, k, margin: margin, limit: limit) { k += 1 }
        return k
    }

    /// Whether every sub-step of k equal parts is within margin × its limit, as `Movements` measures it.
    static func fits(_ paths: [(Tooth, StepPath)], _ k: Int, margin: Double, limit: (ToothID, MovementKind) -> Double?) -> Bool {
        for (tooth, path) in paths {
            var before = path.from
            for after in path.knots(k) {
                let step = Movements.movement(of: tooth.frame, from: before, to: after)
                for kind in MovementKind.allCases {
                    guard let cap = limit(tooth.id, kind) else { continue }
                    if abs(step[kind]) > margin * cap + tolerance { return false }
                }
                before = after
            }
        }
        return true
    }

    /// Where an event "before original stage `before`" goes: before the first aligner of that original
    /// step, so an attachment or IPR still precedes every sub-step of the movement it serves. Stage 0 and
    /// earlier stay; a stage past the end keeps its distance from the end.
    static func firstAligner(ofStep before: Int, stages: [Stage], newIndex: [Int: Int]) -> Int {
        guard before > 0 else { return before }
        guard let position = stages.firstIndex(where: { $0.index >= before }) else {
            let last = stages.last.map { newIndex[$0.index] ?? $0.index } ?? 0
            return last + (before - (stages.last?.index ?? 0))
        }
        guard position > 0 else { return before }
        return (newIndex[stages[position - 1].index] ?? 0) + 1
    }

    /// Appends passive aligners holding the final poses until the arch has `aligners`.
    static func pad(_ arch: inout Arch, to aligners: Int) {
        guard var last = arch.stages.max(by: { $0.index < $1.index }) else { return }
        while arch.alignerCount < aligners {
            last.index += 1
            last.isPassive = true
            last.isOvercorrection = false
            arch.stages.append(last)
        }
    }
}
