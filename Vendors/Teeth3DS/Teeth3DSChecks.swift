import PlanModel
import VendorKit

/// What a plan loses in a Teeth3DS archive, beyond the shared rules (which already report attachments,
/// IPR and doctor/clinic/notes as lost): FORMAT.md, "Findings".
enum Teeth3DSChecks {
    static func findings(_ plan: TreatmentPlan, stage: Int, system: String) -> [Finding] {
        var out: [Finding] = []
        for arch in plan.arches {
            out += stages(arch, requested: stage, system: system)
            if let lost = toothStatus(arch, system: system) { out.append(lost) }
        }
        if plan.arches.contains(where: { $0.teeth.contains { $0.crown != nil } }) {
            out.append(Finding(Teeth3DSFormat.Code.framesEstimated, .note,
                               message: "\(system) stores no crown frames: intake estimates them from the crowns (centroid, occlusal plane, arch tangent), so they will not be the planner's.",
                               remedy: "Keep the .alignplan if the crown frames matter; review frames after intake."))
        }
        let m = plan.metadata
        let id = Teeth3DSFormat.patientID(forCaseID: m.caseID)
        if id != m.caseID {
            out.append(Finding(Teeth3DSFormat.Code.caseIDChanged, .warning,
                               message: "The case id \"\(m.caseID)\" has characters outside A–Z, a–z, 0–9, _ and -; it is written as \"\(id)\" (folder and file names).",
                               remedy: "Use a case id of letters, digits, _ and - only, or expect \"\(id)\" back at intake."))
        }
        out.append(Finding(Teeth3DSFormat.Code.noCaseMetadata, .note,
                           message: "\(system) carries one id per patient (the case id \"\(id)\"): the patient reference and the creation date are not written.",
                           remedy: "Send the patient reference and dates with the order by another channel."))
        return out
    }

    /// One arrangement per jaw: every other stage is lost (a warning when the arch has aligners).
    static func stages(_ arch: Arch, requested: Int, system: String) -> [Finding] {
        let written = JawScan.stageWritten(arch, requested: requested)
        let dropped = arch.stages.filter { $0.index != written }.count
        guard dropped > 0 else { return [] }
        let last = arch.stages.map(\.index).max() ?? 0
        let why = requested > last ? " (the arch ends at stage \(last), so its final position is written)" : ""
        return [Finding(Teeth3DSFormat.Code.stagesDropped, .warning, at: FindingLocation(arch: arch.jaw, stage: written),
                        measured: Double(dropped), unit: "stages",
                        message: "\(system) holds one arrangement per jaw: the \(arch.jaw.rawValue) arch is written at stage \(written)\(why); its \(dropped) other stage(s), and every aligner with them, are lost.",
                        remedy: "Send the staged plan in a format that carries stages (alignplan, generic-stl, print-3mf); use Teeth3DS for the segmented scan only.")]
    }

    /// Implant and pontic become present teeth, and a missing tooth outside a gap in the arch is not
    /// listed at intake (only a gap says a tooth is missing).
    static func toothStatus(_ arch: Arch, system: String) -> Finding? {
        let present = Set(arch.teeth.filter { $0.status.hasCrown && ($0.crown?.vertexCount ?? 0) > 0 }.map(\.id))
        let gaps = Teeth3DSReader.missingTeeth(present: present)
        let changed = arch.teeth.filter { $0.status == .implant || $0.status == .pontic }
        let dropped = arch.teeth.filter { $0.status == .missing && !gaps.contains($0.id) }
        guard !changed.isEmpty || !dropped.isEmpty else { return nil }
        var parts: [String] = []
        if !changed.isEmpty {
            parts.append("\(changed.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", ")) will read back as present teeth")
        }
        if !dropped.isEmpty {
            parts.append("missing \(dropped.map(\.id.description).joined(separator: ", ")) will not be listed (only a gap inside the arch marks a tooth missing)")
        }
        return Finding(Teeth3DSFormat.Code.toothStatusLost, .warning, at: FindingLocation(arch: arch.jaw, tooth: (changed + dropped).first?.id),
                       measured: Double(changed.count + dropped.count), unit: "teeth",
                       message: "\(system) labels crowns only: in the \(arch.jaw.rawValue) arch \(parts.joined(separator: "; ")).",
                       remedy: "Tell the lab which teeth are implants, pontics or missing with the order.")
    }
}
