import PlanModel

/// IPR the format cannot carry, and amounts over the system's per-contact and per-arch caps.
enum IPRRules {
    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        var out: [Finding] = []
        for arch in plan.arches where !arch.ipr.isEmpty {
            guard d.capabilities.ipr else {
                out.append(Finding(FindingCode.iprUnsupported, .warning, at: FindingLocation(arch: arch.jaw),
                                   measured: Double(arch.ipr.count), unit: "events",
                                   message: "\(arch.ipr.count) IPR event(s) cannot be carried by \(d.name) and would be lost.",
                                   remedy: "Send the IPR chart to the doctor separately (aligngate summary prints it)."))
                continue
            }
            if let cap = d.profile.maxIPRPerContactMM {
                var perContact: [ToothContact: Double] = [:]
                var order: [ToothContact] = []
                for e in arch.ipr {
                    if perContact[e.contact] == nil { order.append(e.contact) }
                    perContact[e.contact, default: 0] += e.amountMM
                }
                for contact in order {
                    let amount = perContact[contact] ?? 0
                    guard amount > cap + 1e-9 else { continue }
                    out.append(Finding(FindingCode.iprContactLimit, .error, at: FindingLocation(arch: arch.jaw, tooth: contact.first),
                                       measured: amount, limit: cap, unit: "mm",
                                       message: "IPR at \(contact) totals \(StageRules.fmt(amount)) mm; \(d.name) allows \(StageRules.fmt(cap)) mm per contact.",
                                       remedy: "Reduce IPR at \(contact) to \(StageRules.fmt(cap)) mm and gain the space elsewhere (expansion, other contacts)."))
                }
            }
            let total = arch.ipr.reduce(0) { $0 + $1.amountMM }
            if let cap = d.profile.maxIPRTotalMM, total > cap + 1e-9 {
                out.append(Finding(FindingCode.iprTotalLimit, .error, at: FindingLocation(arch: arch.jaw),
                                   measured: total, limit: cap, unit: "mm",
                                   message: "IPR in the \(arch.jaw.rawValue) arch totals \(StageRules.fmt(total)) mm; \(d.name) allows \(StageRules.fmt(cap)) mm.",
                                   remedy: "Plan less IPR in this arch (at most \(StageRules.fmt(cap)) mm)."))
            }
        }
        return out
    }
}
