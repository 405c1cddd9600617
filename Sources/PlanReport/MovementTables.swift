import PlanModel

/// The tables: where each tooth ends up (six components with units), the IPR and attachment schedules by
/// visit, and every aligner's steps, each stage collapsible.
enum MovementTables {
    static func header(_ first: String) -> [String] {
        [first] + MovementKind.allCases.map { "\($0.title) (\($0.unit))" }
    }

    static func components(_ m: ToothMovement) -> [String] {
        MovementKind.allCases.map { HTML.number(m[$0], $0.isLinear ? 2 : 1) }
    }

    static func html(_ plan: TreatmentPlan, schedule: VisitSchedule) -> String {
        let tables = plan.arches.map { ($0, MovementTable(arch: $0)) }
        var out = "<section id=\"movement\"><h2>Cumulative movement per tooth</h2>"
        out += "<p>From stage 0 to the last aligner, in each tooth's crown frame: + mesial, + buccal, + extrusion, "
            + "+ mesial crown tip, + facial crown torque, + mesial-in rotation.</p>"
        for (arch, table) in tables {
            let rows = (table.stages.last?.teeth ?? []).map { [HTML.tooth($0.tooth)] + components($0.cumulative) }
            out += HTML.table(header("Tooth"), rows, caption: "\(arch.jaw.rawValue) arch, after aligner \(table.stages.last?.stage ?? 0)", cssClass: "num cumulative")
        }
        out += "</section>"
        out += iprSchedule(plan, schedule) + attachmentSchedule(plan, schedule) + steps(tables, schedule)
        return out
    }

    static func iprSchedule(_ plan: TreatmentPlan, _ schedule: VisitSchedule) -> String {
        let events = plan.arches.flatMap { arch in arch.ipr.map { (arch.jaw, $0) } }
            .sorted { a, b in (a.1.beforeStage, a.0, a.1.contact.first.archPosition) < (b.1.beforeStage, b.0, b.1.contact.first.archPosition) }
        var out = "<section id=\"ipr\"><h2>IPR schedule</h2>"
        guard !events.isEmpty else { return out + "<p>No interproximal reduction.</p></section>" }
        let rows = events.map { jaw, e in
            [HTML.visit(e.beforeStage, schedule), jaw.rawValue, HTML.contact(e.contact), HTML.number(e.amountMM, 2)]
        }
        out += HTML.table(["Before aligner", "Arch", "Contact", "Enamel removed (mm)"], rows, cssClass: "ipr-table")
        return out + "</section>"
    }

    static func attachmentSchedule(_ plan: TreatmentPlan, _ schedule: VisitSchedule) -> String {
        struct Visit { var stage: Int; var jaw: Jaw; var action: String; var attachment: Attachment }
        var visits: [Visit] = []
        for arch in plan.arches {
            for a in arch.attachments {
                visits.append(Visit(stage: a.stagePlaced, jaw: arch.jaw, action: "bond", attachment: a))
                if let removed = a.stageRemoved { visits.append(Visit(stage: removed, jaw: arch.jaw, action: "remove", attachment: a)) }
            }
        }
        visits.sort { ($0.stage, $0.jaw, $0.action, $0.attachment.tooth.archPosition) < ($1.stage, $1.jaw, $1.action, $1.attachment.tooth.archPosition) }
        var out = "<section id=\"attachments\"><h2>Attachment schedule</h2>"
        guard !visits.isEmpty else { return out + "<p>No attachments.</p></section>" }
        let rows = visits.map { v in
            let t = v.attachment.template
            return [HTML.visit(v.stage, schedule), v.jaw.rawValue, v.action, HTML.tooth(v.attachment.tooth), HTML.escape(t.kindDescription),
                    "\(HTML.number(t.widthMM, 1)) × \(HTML.number(t.heightMM, 1)) × \(HTML.number(t.depthMM, 1))"]
        }
        out += HTML.table(["Before aligner", "Arch", "Action", "Tooth", "Kind", "Size (mm)"], rows, cssClass: "att-table")
        return out + "</section>"
    }

    static func steps(_ tables: [(Arch, MovementTable)], _ schedule: VisitSchedule) -> String {
        var out = "<section id=\"steps\"><h2>Steps per aligner</h2>"
        for (arch, table) in tables {
            out += "<h3>\(arch.jaw.rawValue) arch</h3>"
            for stage in table.stages {
                let flags = arch.stages.first { $0.index == stage.stage }.map { s in
                    (s.isPassive ? " · passive" : "") + (s.isOvercorrection ? " · overcorrection" : "")
                } ?? ""
                let largest = stage.teeth.map { ($0.tooth, $0.step.distanceMM) }.max { $0.1 < $1.1 }
                let headline = largest.map { "largest translation \(HTML.number($0.1, 2)) mm (\(HTML.tooth($0.0)))" } ?? "no teeth"
                let rows = stage.teeth.map { [HTML.tooth($0.tooth)] + components($0.step) }
                out += "<details class=\"stage\" data-arch=\"\(arch.jaw.rawValue)\" data-stage=\"\(stage.stage)\"><summary>Aligner \(HTML.visit(stage.stage, schedule))\(flags) — \(headline)</summary>"
                    + HTML.table(header("Tooth"), rows, cssClass: "num") + "</details>"
            }
        }
        return out + "</section>"
    }
}
