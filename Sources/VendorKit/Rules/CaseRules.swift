import PlanModel

/// Case-level losses: segmentation, metadata and the wear interval.
enum CaseRules {
    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        var out: [Finding] = []
        let c = d.capabilities
        if !c.segmentedTeeth {
            out.append(Finding(FindingCode.segmentationLost, .note,
                               message: "\(d.name) stores whole-arch models only: per-tooth meshes and poses are not carried; intake cannot restage the plan.",
                               remedy: "Keep the .alignplan (or another segmented export) as the editable source."))
        }
        // A plan read from a whole-arch format has no teeth to pose: every aligner would get the stage-0 model.
        for arch in plan.arches where arch.movableTeeth.isEmpty && arch.alignerCount > 0 {
            out.append(Finding(FindingCode.unsegmentedPlan, .error, at: FindingLocation(arch: arch.jaw),
                               measured: Double(arch.alignerCount), unit: "aligners",
                               message: "The \(arch.jaw.rawValue) arch has \(arch.alignerCount) aligners but no segmented teeth (it was read from a whole-arch format): every aligner would carry the stage-0 model.",
                               remedy: "Export from the segmented source plan (e.g. its .alignplan) instead of converting a whole-arch archive."))
        }
        let m = plan.metadata
        let extra = [("doctor", m.doctor), ("clinic", m.clinic), ("planner", m.planner), ("notes", m.notes),
                     ("restorative notes", m.restorativeNotes)].filter { !$0.1.isEmpty }.map(\.0)
        if !c.metadata && !extra.isEmpty {
            out.append(Finding(FindingCode.metadataLost, .warning,
                               message: "\(d.name) carries the case id only; \(extra.joined(separator: ", ")) would be lost.",
                               remedy: "Send the doctor's notes with the order by another channel."))
        }
        if m.wearIntervalDays != d.profile.defaultWearIntervalDays {
            out.append(Finding(FindingCode.wearIntervalDiffers, .note, measured: Double(m.wearIntervalDays),
                               limit: Double(d.profile.defaultWearIntervalDays), unit: "days",
                               message: "The plan's wear interval is \(m.wearIntervalDays) days; \(d.name) assumes \(d.profile.defaultWearIntervalDays).",
                               remedy: "Confirm the wear interval on the order."))
        }
        return out
    }
}
