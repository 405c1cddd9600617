import PlanModel
import VendorKit

/// Teeth × stages per arch and system: each cell's colour is that step as a share of the system's limit
/// for the worst kind; over-limit cells carry the class `over` and a cross. Cells hold the six step
/// components (`data-m`) for the hover / tap read-out.
enum HeatMap {
    static let cell = 16.0, labelWidth = 44.0, headerHeight = 18.0

    static func html(_ plan: TreatmentPlan, systems: [SystemCheck]) -> String {
        let limited = systems.filter(\.hasStepLimits)
        guard !limited.isEmpty else {
            let names = systems.map(\.name).joined(separator: ", ")
            return "<section id=\"heatmap\"><h2>Staging heat map</h2><p>None of the chosen systems (\(HTML.escape(names))) limits the movement per aligner, so there is nothing to compare the steps with.</p></section>"
        }
        let tables = plan.arches.map { MovementTable(arch: $0) }
        var out = "<section id=\"heatmap\"><h2>Staging heat map</h2>"
        out += "<p>Each cell: one tooth's step in one aligner as a share of the limit for the worst movement kind. "
            + "Tap or hover a cell for its six components. Crossed cells exceed the limit.</p>"
        out += "<label>System: <select id=\"hm-system\">"
            + limited.enumerated().map { i, s in "<option value=\"\(HTML.escape(s.id))\"\(i == 0 ? " selected" : "")>\(HTML.escape(s.name))</option>" }.joined()
            + "</select></label>"
        out += "<p class=\"readout\" id=\"hm-readout\" aria-live=\"polite\">Tap a cell.</p>"
        for (i, system) in limited.enumerated() {
            out += "<div class=\"heatmap\(i == 0 ? "" : " hidden")\" data-system=\"\(HTML.escape(system.id))\">"
            for (arch, table) in zip(plan.arches, tables) {
                out += svg(arch, table, system)
            }
            out += "</div>"
        }
        out += legend() + "</section>"
        return out
    }

    /// Share of the limit (≥ 0) and the worst kind; nil when no kind of this tooth's class is limited.
    static func share(_ step: ToothMovement, _ tooth: ToothID, _ profile: RuleProfile) -> (share: Double, kind: MovementKind)? {
        var best: (Double, MovementKind)?
        for kind in MovementKind.allCases {
            guard let limit = profile.limit(kind, for: tooth.toothClass), limit > 0 else { continue }
            let s = abs(step[kind]) / limit
            if s > (best?.0 ?? -1) { best = (s, kind) }
        }
        return best
    }

    /// The kinds whose step exceeds the limit, exactly as `StageRules` counts them (a hair over is rounding).
    static func overKinds(_ step: ToothMovement, _ tooth: ToothID, _ profile: RuleProfile) -> [MovementKind] {
        MovementKind.allCases.filter { kind in
            guard let limit = profile.limit(kind, for: tooth.toothClass) else { return false }
            return abs(step[kind]) > limit + 1e-6
        }
    }

    static func svg(_ arch: Arch, _ table: MovementTable, _ system: SystemCheck) -> String {
        let teeth = table.stages.first?.teeth.map(\.tooth) ?? []
        let width = labelWidth + Double(table.stages.count) * cell + 4
        let height = headerHeight + Double(teeth.count) * cell + 4
        var out = "<figure class=\"hm\"><figcaption>\(arch.jaw.rawValue) arch — \(HTML.escape(system.name))</figcaption><div class=\"scroll\">"
        out += "<svg class=\"heat\" data-arch=\"\(arch.jaw.rawValue)\" data-system=\"\(HTML.escape(system.id))\" data-teeth=\"\(teeth.count)\" data-stages=\"\(table.stages.count)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" role=\"img\">"
        for (column, stage) in table.stages.enumerated() where stage.stage == 1 || stage.stage % 5 == 0 {
            out += "<text class=\"sh\" x=\"\(Int(labelWidth + Double(column) * cell + cell / 2))\" y=\"12\">\(stage.stage)</text>"
        }
        for (row, tooth) in teeth.enumerated() {
            out += "<text class=\"rh\" x=\"\(Int(labelWidth - 4))\" y=\"\(Int(headerHeight + Double(row) * cell + 12))\">\(HTML.svgTooth(tooth))</text>"
        }
        var crosses = ""
        for (column, stage) in table.stages.enumerated() {
            for (row, movement) in stage.teeth.enumerated() {
                let x = labelWidth + Double(column) * cell, y = headerHeight + Double(row) * cell
                let step = movement.step
                let ratio = share(step, movement.tooth, system.profile)
                let over = overKinds(step, movement.tooth, system.profile)
                let components = MovementKind.allCases.map { HTML.number(step[$0], $0.isLinear ? 3 : 2) }.joined(separator: " ")
                out += "<rect class=\"c\(over.isEmpty ? "" : " over")\" x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(cell - 1))\" height=\"\(Int(cell - 1))\" fill=\"\(colour(ratio?.share))\""
                    + " data-t=\"\(movement.tooth.fdi)\" data-s=\"\(stage.stage)\" data-m=\"\(components)\""
                    + (ratio.map { " data-r=\"\(Int(($0.share * 100).rounded()))\" data-k=\"\($0.kind.rawValue)\"" } ?? "")
                    + (over.isEmpty ? "" : " data-o=\"\(over.map(\.rawValue).joined(separator: " "))\"") + "/>"
                if !over.isEmpty { crosses += "M\(Int(x + 3)) \(Int(y + 3))l9 9m0-9l-9 9" }
            }
        }
        if !crosses.isEmpty { out += "<path class=\"overmark\" d=\"\(crosses)\"/>" }
        return out + "</svg></div></figure>"
    }

    /// Green (no step) through yellow to red (at the limit); darker beyond; grey when nothing is limited.
    static func colour(_ share: Double?) -> String {
        guard let share else { return "#d8d8d8" }
        if share > 1 + 1e-6 { return "#7a0019" }
        if share <= 0.0005 { return "#f4f6f4" }
        // Hue 120° (green) at 0 → 0° (red) at the limit, in ten steps so the file stays small.
        let s = (min(share, 1) * 10).rounded() / 10
        let hue = Int(120 * (1 - s))
        return "hsl(\(hue),70%,\(Int(80 - 30 * s))%)"
    }

    static func legend() -> String {
        let stops: [(String, String)] = [0.0, 0.25, 0.5, 0.75, 1.0].map { (colour($0), "\(Int($0 * 100)) %") }
            + [(colour(2), "over the limit"), (colour(nil), "not limited")]
        var svg = "<svg class=\"heat-legend\" viewBox=\"0 0 \(stops.count * 110) 18\" role=\"img\" aria-label=\"Heat map legend\">"
        for (i, stop) in stops.enumerated() {
            svg += "<rect x=\"\(i * 110)\" y=\"2\" width=\"14\" height=\"14\" fill=\"\(stop.0)\"/><text x=\"\(i * 110 + 18)\" y=\"14\">\(stop.1)</text>"
        }
        return svg + "</svg>"
    }
}
