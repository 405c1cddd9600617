import Foundation
import PlanModel
import TextReport

/// The plan summary as a readable terminal report.
enum SummaryText {
    static func render(_ report: PlanReport) -> String {
        let s = report.summary
        var out: [String] = []
        out.append("Case \(s.caseID): \(s.alignerCount) aligners, \(s.treatmentDays) days "
            + "(\(number(s.treatmentWeeks, 1)) weeks) at \(s.wearIntervalDays) days per aligner")
        out.append("")

        var arches = TextTable("arch", "aligners", "passive", "overcorr.", "teeth", "missing", "attachments", "IPR mm")
        for a in s.arches {
            let withCrown = a.teeth(.present) + a.teeth(.implant) + a.teeth(.pontic)
            arches.add(a.jaw.rawValue, String(a.alignerCount), String(a.passiveStageCount),
                       String(a.overcorrectionStageCount), String(withCrown), String(a.teeth(.missing)),
                       String(a.attachmentCount), number(a.iprTotalMM, 2))
        }
        out.append(arches.rendered)
        out.append("")

        var steps = TextTable("largest step", "value", "where")
        for step in s.largestSteps {
            let place = [step.jaw?.rawValue, step.stage.map { "stage \($0)" }, step.tooth.map { "tooth \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            steps.add(step.kind.title, "\(number(step.value, step.kind.isLinear ? 3 : 2)) \(step.kind.unit)",
                      place.isEmpty ? "no movement" : place)
        }
        out.append(steps.rendered)
        out.append("")

        if s.ipr.isEmpty {
            out.append("IPR: none")
        } else {
            var ipr = TextTable("IPR contact", "mm", "before stage")
            for item in s.ipr { ipr.add("\(item.contact) (\(item.jaw.rawValue))", number(item.amountMM, 2), String(item.beforeStage)) }
            out.append(ipr.rendered)
            out.append("IPR total: \(number(s.iprTotalMM, 2)) mm")
        }
        out.append("")

        let kinds = s.attachmentsByKind.filter { $0.count > 0 }.map { "\($0.kind.rawValue) × \($0.count)" }
        out.append("Attachments: \(s.attachmentCount)" + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")"))
        for a in s.arches where a.attachmentCount > 0 {
            out.append("  \(a.jaw.rawValue) per stage: " + runs(a.attachmentsPerStage))
        }
        out.append("")

        if report.problems.isEmpty {
            out.append("Structure: no problems")
        } else {
            out.append("Structure: \(report.problems.count) problem(s)")
            for p in report.problems { out.append("  \(p)") }
        }
        return out.joined(separator: "\n")
    }

    /// "0: 0, 1–12: 6, 13–40: 4": stage ranges with the same attachment count.
    static func runs(_ counts: [PlanSummary.StageCount]) -> String {
        var parts: [String] = []
        var i = 0
        while i < counts.count {
            var j = i
            while j + 1 < counts.count, counts[j + 1].count == counts[i].count, counts[j + 1].stage == counts[j].stage + 1 { j += 1 }
            let range = i == j ? "\(counts[i].stage)" : "\(counts[i].stage)–\(counts[j].stage)"
            parts.append("stage \(range): \(counts[i].count)")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    static func number(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
