import Foundation
import PlanModel
import VendorKit

/// README.txt: the short sheet a lab technician reads before printing — who and what the case is, how
/// many aligners, IPR and attachments, and which file is which. Derived from the plan (`PlanSummary`)
/// with no measured movement in it, so intake can regenerate it and compare it byte for byte.
enum CaseSheet {
    /// One arch's STL files: the stage models in stage order, then the attachment template.
    struct ArchFiles {
        var jaw: Jaw
        var stages: [String]
        var template: String
    }

    static func text(_ plan: TreatmentPlan, files: [ArchFiles]) -> String {
        let m = plan.metadata
        let summary = PlanSummary(plan: plan)
        var out: [String] = []
        out.append("CASE SHEET — generic STL export (\(GenericSTLFormat.formatName) \(GenericSTLFormat.version))")
        out.append("")
        out.append(field("Case ID", m.caseID))
        out.append(field("Patient reference", m.patientReference))
        out.append(field("Doctor", m.doctor))
        out.append(field("Clinic", m.clinic))
        out.append(field("Planner", m.planner))
        out.append(field("Created", ISODate.format(m.created)))
        out.append("")
        let perArch = summary.arches.map { a -> String in
            var flags: [String] = []
            if a.passiveStageCount > 0 { flags.append("\(a.passiveStageCount) passive") }
            if a.overcorrectionStageCount > 0 { flags.append("\(a.overcorrectionStageCount) overcorrection") }
            return "\(a.jaw.rawValue) \(a.alignerCount)" + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")
        }
        out.append(field("Aligners", perArch.isEmpty ? "none" : perArch.joined(separator: ", ")))
        out.append(field("Wear interval", "\(summary.wearIntervalDays) days per aligner"))
        out.append(field("Treatment duration", "\(summary.treatmentDays) days (\(CSVText.fixed(summary.treatmentWeeks, decimals: 1)) weeks)"))
        out.append("")
        out.append("Models are binary STL in millimetres; teeth are numbered FDI (ISO 3950). Stage 00 is the initial")
        out.append("position, stage N the model for aligner N, with the attachments bonded during that stage. The")
        out.append("attachment template is stage 00 with every attachment, for the bonding tray. manifest.json")
        out.append("describes every file exactly; this sheet and the CSV files are derived from it.")
        out.append("")
        out.append(field("Restorative notes", m.restorativeNotes.isEmpty ? "none" : ""))
        if !m.restorativeNotes.isEmpty { out += indented(m.restorativeNotes) }
        out.append(field("Notes", m.notes.isEmpty ? "none" : ""))
        if !m.notes.isEmpty { out += indented(m.notes) }
        out.append("")
        out += ipr(summary)
        out.append("")
        out += attachments(plan, summary)
        out.append("")
        out += fileList(files)
        return out.map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }

    static func ipr(_ s: PlanSummary) -> [String] {
        var out = ["IPR (interproximal reduction), done before the stage's aligner is worn:"]
        guard !s.ipr.isEmpty else { return out + ["  none"] }
        for e in s.ipr {
            out.append("  \(e.jaw.rawValue.padded(6))\(e.contact.padded(7))\(mm(e.amountMM).padded(9))before stage \(e.beforeStage)")
        }
        out.append("  total \(mm(s.iprTotalMM))")
        return out
    }

    static func attachments(_ plan: TreatmentPlan, _ s: PlanSummary) -> [String] {
        var out = ["Attachments (tooth, kind, width x height x depth, stages on the tooth):"]
        let all = plan.arches.flatMap { arch in arch.attachments.map { (arch, $0) } }
        guard !all.isEmpty else { return out + ["  none"] }
        for (arch, a) in all {
            let t = a.template
            let size = "\(mm(t.widthMM, unit: false)) x \(mm(t.heightMM, unit: false)) x \(mm(t.depthMM))"
            let last = arch.stages.map(\.index).max() ?? 0
            let until = a.stageRemoved.map { "removed before stage \($0)" } ?? "kept to the end (stage \(last))"
            out.append("  \(arch.jaw.rawValue.padded(6))\(String(a.tooth.fdi).padded(4))\(t.kind.rawValue.padded(24))\(size.padded(22))bonded before stage \(a.stagePlaced), \(until)")
        }
        out.append("Attachments on the teeth per stage:")
        for a in s.arches {
            var runs: [(from: Int, to: Int, count: Int)] = []
            for c in a.attachmentsPerStage {
                if let last = runs.last, last.count == c.count, last.to + 1 == c.stage {
                    runs[runs.count - 1].to = c.stage
                } else {
                    runs.append((c.stage, c.stage, c.count))
                }
            }
            let text = runs.map { $0.from == $0.to ? "stage \($0.from): \($0.count)" : "stages \($0.from)-\($0.to): \($0.count)" }
            out.append("  \(a.jaw.rawValue.padded(6))\(text.joined(separator: "; "))")
        }
        return out
    }

    static func fileList(_ files: [ArchFiles]) -> [String] {
        var out = ["Files:"]
        func line(_ name: String, _ what: String) { out.append("  \(name.padded(44))\(what)") }
        line(GenericSTLFormat.manifestPath, "the plan: case, teeth, frames, poses, attachments, IPR, triangle ranges")
        line(GenericSTLFormat.readmePath, "this sheet")
        line(GenericSTLFormat.movementsPath, "tooth movements per stage (step and cumulative)")
        line(GenericSTLFormat.iprPath, "the IPR chart")
        for arch in files {
            if let first = arch.stages.first, let last = arch.stages.last {
                line(first == last ? first : "\(first) … \(last)", "\(arch.stages.count) \(arch.jaw.rawValue) stage model(s)")
            }
            line(arch.template, "\(arch.jaw.rawValue) attachment template")
        }
        return out
    }

    static func field(_ name: String, _ value: String) -> String { "\((name + ":").padded(20))\(value)" }

    static func indented(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0.replacingOccurrences(of: "\r", with: "") }
    }

    /// Millimetres with up to 3 decimals, at least one: 0.2 mm, 0.125 mm, 4.0 mm.
    static func mm(_ v: Double, unit: Bool = true) -> String {
        var s = CSVText.fixed(v, decimals: 3)
        while s.hasSuffix("0"), let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 2 { s.removeLast() }
        return unit ? s + " mm" : s
    }

    /// A warning when README.txt is not the sheet the manifest gives, nil when it is.
    static func check(_ data: Data, expected: String) -> Finding? {
        let file = GenericSTLFormat.readmePath
        guard data != Data(expected.utf8) else { return nil }
        let read = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (zip(read, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(read.count, want.count)) + 1
        return Finding(GenericSTLFormat.Code.sheetMismatch, .warning, at: FindingLocation(file: file),
                       message: "\(file) differs from the case sheet manifest.json gives (from line \(line)); the manifest is authoritative.",
                       remedy: "Re-export the archive so \(file) is derived from the manifest again, or ignore \(file).")
    }
}

extension String {
    /// Left-aligned in `width` columns, with at least one space after.
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
