import PlanModel
import StageRecovery

extension GeometryRecovery {
    /// The recovery for people: files → arch and stage, then per arch the shells, the numbering and its
    /// confidence, the tracking and the residuals per tooth and per stage.
    public var text: String {
        var out = ["recovered from geometry:", "  files (arch, stage ← name):"]
        for f in files {
            let swapped = f.readAs == f.jaw ? "" : " (named \(f.jaw.rawValue), read as \(f.readAs.rawValue) by its geometry)"
            out.append("    \(f.readAs.rawValue) stage \(f.stage) ← \(f.path) [\(f.jawWord); \(f.stageWord)]\(swapped)")
        }
        if !otherFiles.isEmpty { out.append("  not models, listed only: " + otherFiles.joined(separator: ", ")) }
        if !unnamedModels.isEmpty { out.append("  models without an arch or stage in the name, not read: " + unnamedModels.joined(separator: ", ")) }
        for a in arches { out += archLines(a) }
        return out.joined(separator: "\n")
    }

    private func archLines(_ a: RecoveryDecisions) -> [String] {
        var out: [String] = []
        let how = a.segmentation == "motion" ? "teeth found by their motion in one fused shell" : "teeth found as separate shells"
        out.append("  \(a.jaw.rawValue): \(how); jaw by geometry: \(a.jawEvidence.jaw?.rawValue ?? "undecided") (\(a.jawEvidence.reason))")
        out.append("    shells at stage 0:")
        for s in a.shells where s.stage == 0 {
            out.append("      \(s.shell): \(s.classification.rawValue), \(s.triangles) triangles, \(Self.mm(s.extentMM, 2)) mm — \(s.reason)")
        }
        let later = a.shells.filter { $0.stage > 0 }
        if !later.isEmpty {
            let counts = [ShellClass.tooth, .gingiva, .attachment, .other].map { c in "\(later.count { $0.classification == c }) \(c.rawValue)" }
            out.append("    shells at later stages: " + counts.joined(separator: ", "))
        }
        out.append("    numbered by \(a.numberedBy):")
        for n in a.numbering {
            out.append("      \(n.tooth): \(Self.mm(n.widthMM, 2)) mm wide (average \(Self.mm(n.expectedWidthMM, 2))), at \(Self.mm(n.arcPositionMM, 2)) mm from the midline, cost \(Self.mm(n.cost, 2)), confidence \(n.confidence)")
        }
        if !a.missingTeeth.isEmpty { out.append("      missing (a gap as wide as a tooth): " + a.missingTeeth.map(\.description).joined(separator: ", ")) }
        for u in a.numberingUncertain { out.append("      uncertain: \(u)") }
        let exact = a.tracks.count { $0.method == .correspondence }
        out.append("    tracking: \(a.tracks.count) tooth poses, \(exact) by vertex correspondence (closed form), \(a.tracks.count - exact) by position and shape (ICP)")
        let r = a.residuals
        let worstAt = r.worstTooth.map { " (tooth \($0), stage \(r.worstStage ?? 0))" } ?? ""
        out.append("    RMS residuals: mean \(Self.mm(r.meanMM, 4)) mm, worst \(Self.mm(r.worstMM, 4)) mm\(worstAt), limit \(r.limitMM) mm")
        for (tooth, tracks) in Dictionary(grouping: a.tracks, by: \.tooth).sorted(by: { $0.key.archPosition < $1.key.archPosition }) {
            let worst = tracks.max { $0.rmsResidualMM < $1.rmsResidualMM }
            let mean = tracks.map(\.rmsResidualMM).reduce(0, +) / Double(tracks.count)
            out.append("      tooth \(tooth): worst \(Self.mm(worst?.rmsResidualMM ?? 0, 4)) mm at stage \(worst?.stage ?? 0), mean \(Self.mm(mean, 4)) mm over \(tracks.count) stages")
        }
        if !r.worstPerStage.isEmpty {
            out.append("      worst per stage: " + r.worstPerStage.map { "\($0.stage) \(Self.mm($0.worstMM, 4))" }.joined(separator: ", "))
        }
        for s in a.attachments {
            out.append("    attachment solid on \(s.tooth), stages \(s.firstStage)–\(s.lastStage): " + (s.inPlan ? "in the plan, kind unknown" : "too large for a template, in the models only"))
        }
        return out
    }

    /// `value` with `digits` decimals, no Foundation formatting.
    static func mm(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "\(value)" }
        let n = Int(abs(scaled)), whole = n / Int(scale), frac = String(n % Int(scale))
        let sign = scaled < 0 ? "-" : ""
        return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(String(repeating: "0", count: digits - frac.count))\(frac)"
    }
}
