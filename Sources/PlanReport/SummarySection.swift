import PlanModel

/// The figures a doctor reads first: aligners, wear, duration and dates, special stages, attachments, IPR.
enum SummarySection {
    static func html(_ input: ReportInput, schedule: VisitSchedule) -> String {
        let summary = PlanSummary(plan: input.plan)
        var rows: [[String]] = summary.arches.map { a in
            [a.jaw.rawValue, String(a.alignerCount), String(a.passiveStageCount), String(a.overcorrectionStageCount),
             String(a.attachmentCount), HTML.number(a.iprTotalMM, 2) + " mm"]
        }
        rows.append(["<strong>plan</strong>", String(summary.alignerCount), "", "", String(summary.attachmentCount),
                     HTML.number(summary.iprTotalMM, 2) + " mm"])
        let table = HTML.table(["Arch", "Aligners", "Passive", "Overcorrection", "Attachments", "IPR total"], rows)
        var facts = "<dt>Wear interval</dt><dd>\(summary.wearIntervalDays) days per aligner</dd>"
            + "<dt>Duration</dt><dd>\(HTML.number(summary.treatmentWeeks, 1)) weeks (\(summary.treatmentDays) days)</dd>"
        if let first = schedule.date(ofStage: 1), let end = schedule.end(afterAligners: summary.alignerCount) {
            facts += "<dt>Dates</dt><dd>aligner 1 from \(first); last aligner worn until \(end)</dd>"
        } else {
            facts += "<dt>Dates</dt><dd>no start date given (report --start YYYY-MM-DD adds visit dates)</dd>"
        }
        let kinds = summary.attachmentsByKind.filter { $0.count > 0 }.map { "\($0.kind.rawValue) \($0.count)" }
        if !kinds.isEmpty { facts += "<dt>Attachment kinds</dt><dd>\(kinds.joined(separator: ", "))</dd>" }
        let problems: String
        if input.problems.isEmpty {
            problems = "<p class=\"ok\" id=\"structure\">No structural problems.</p>"
        } else {
            problems = "<div class=\"problems\" id=\"structure\"><h3>Structural problems (\(input.problems.count))</h3><ul>"
                + input.problems.map { "<li><code>\($0.code.rawValue)</code> \(HTML.escape($0.location.description)): \(HTML.escape($0.message))</li>" }.joined()
                + "</ul></div>"
        }
        return "<section id=\"summary\"><h2>Summary</h2>\(table)<dl class=\"facts\">\(facts)</dl>\(problems)</section>"
    }
}
