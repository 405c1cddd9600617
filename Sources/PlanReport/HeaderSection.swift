import PlanModel

/// Who and what: case, patient reference, clinic, revision, and the approval state, prominently.
enum HeaderSection {
    static func html(_ input: ReportInput) -> String {
        let m = input.plan.metadata
        let approval: String
        switch input.approval {
        case let .approved(doctor, at, id, note, report):
            approval = "<div class=\"approval approved\" id=\"approval\" data-state=\"approved\"><strong>APPROVED</strong> by "
                + "\(HTML.escape(doctor)) at \(HTML.escape(at)) (approval #\(id))"
                + (note.isEmpty ? "" : " — \(HTML.escape(note))")
                + (report.map { "<br><span class=\"reviewed\">after reviewing the report with SHA-256 <code>\(HTML.escape($0))</code></span>" } ?? "")
                + "</div>"
        case let .notApproved(reason):
            approval = "<div class=\"approval pending\" id=\"approval\" data-state=\"not-approved\"><strong>NOT APPROVED</strong> — "
                + "\(HTML.escape(reason)). Nothing may be made from this plan until the treating doctor approves this revision.</div>"
        }
        let rows: [(String, String)] = [
            ("Case", m.caseID), ("Patient reference", m.patientReference), ("Doctor", m.doctor), ("Clinic", m.clinic),
            ("Planner", m.planner), ("Created", ISODate.format(m.created)),
        ]
        let facts = rows.map { "<dt>\($0.0)</dt><dd>\(HTML.escape($0.1.isEmpty ? "–" : $0.1))</dd>" }.joined()
        var notes = ""
        if !m.notes.isEmpty { notes += "<p class=\"notes\"><strong>Notes:</strong> \(HTML.escape(m.notes))</p>" }
        if !m.restorativeNotes.isEmpty {
            notes += "<p class=\"notes\"><strong>Restorative:</strong> \(HTML.escape(m.restorativeNotes))</p>"
        }
        return """
            <header id="header"><h1>Treatment plan review <span class="case">\(HTML.escape(m.caseID))</span></h1>
            \(approval)
            <dl class="facts">\(facts)<dt>Plan revision</dt><dd><code class="revision">\(HTML.escape(input.revision))</code></dd></dl>
            \(notes)</header>
            """
    }
}
