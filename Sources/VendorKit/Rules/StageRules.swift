import PlanModel

/// Aligner count, passive and overcorrection stages, and the per-stage movement limits.
enum StageRules {
    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        var out: [Finding] = []
        let profile = d.profile
        for arch in plan.arches {
            if let cap = profile.maxStages, arch.alignerCount > cap {
                out.append(Finding(FindingCode.stageCount, .error, at: FindingLocation(arch: arch.jaw),
                                   measured: Double(arch.alignerCount), limit: Double(cap), unit: "aligners",
                                   message: "\(arch.alignerCount) aligners; \(d.name) takes at most \(cap) per arch.",
                                   remedy: "Restage with larger steps (within the limits) or split the treatment into phases of at most \(cap) aligners."))
            }
            let passive = arch.stages.filter { $0.index > 0 && $0.isPassive }.map(\.index)
            if !passive.isEmpty && !d.capabilities.passiveStages {
                out.append(Finding(FindingCode.passiveUnsupported, .warning, at: FindingLocation(arch: arch.jaw, stage: passive.first),
                                   measured: Double(passive.count), unit: "stages",
                                   message: "\(passive.count) passive stage(s) will be sent as ordinary aligners; \(d.name) has no passive flag.",
                                   remedy: "Tell the lab which aligners are passive (order note), or drop them if the other arch does not need them."))
            }
            let over = arch.stages.filter { $0.index > 0 && $0.isOvercorrection }.map(\.index)
            if !over.isEmpty && !d.capabilities.overcorrectionStages {
                out.append(Finding(FindingCode.overcorrectionUnsupported, .warning, at: FindingLocation(arch: arch.jaw, stage: over.first),
                                   measured: Double(over.count), unit: "stages",
                                   message: "\(over.count) overcorrection stage(s) will be sent without their flag; \(d.name) cannot mark them.",
                                   remedy: "Confirm the overcorrection with the doctor and note it on the order, or remove those stages."))
            }
            out += stepLimits(arch, profile, d.name)
        }
        return out
    }

    /// One finding per tooth and movement kind that exceeds its limit, at the worst stage, with the count
    /// of stages over: a matrix stays readable and the remedy can say how many aligners the move needs.
    static func stepLimits(_ arch: Arch, _ profile: RuleProfile, _ system: String) -> [Finding] {
        let table = Movements.table(for: arch)
        var worst: [Key: (value: Double, stage: Int, count: Int, total: Double)] = [:]
        var order: [Key] = []
        for stage in table {
            for row in stage.teeth {
                for kind in MovementKind.allCases {
                    guard let limit = profile.limit(kind, for: row.tooth.toothClass) else { continue }
                    let value = abs(row.step[kind])
                    // A hair over the limit is rounding in the planning software, not a clinical excess.
                    guard value > limit + 1e-6 else { continue }
                    let key = Key(tooth: row.tooth, kind: kind)
                    if let w = worst[key] {
                        worst[key] = value > w.value ? (value, stage.stage, w.count + 1, w.total + value)
                            : (w.value, w.stage, w.count + 1, w.total + value)
                    } else {
                        worst[key] = (value, stage.stage, 1, value)
                        order.append(key)
                    }
                }
            }
        }
        return order.compactMap { key in
            guard let w = worst[key], let limit = profile.limit(key.kind, for: key.tooth.toothClass) else { return nil }
            let unit = key.kind.unit
            return Finding(FindingCode.stepLimit, .error, at: FindingLocation(arch: arch.jaw, stage: w.stage, tooth: key.tooth),
                           measured: w.value, limit: limit, unit: unit,
                           message: "\(key.kind.title) step of tooth \(key.tooth) is \(fmt(w.value)) \(unit) at stage \(w.stage) (limit \(fmt(limit)) \(unit) for \(system)); \(w.count) stage(s) exceed it.",
                           remedy: "Restage: spread this \(key.kind.title) movement over more aligners (steps of at most \(fmt(limit)) \(unit)).")
        }
    }

    struct Key: Hashable {
        var tooth: ToothID
        var kind: MovementKind
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
