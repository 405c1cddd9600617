import PlanModel

/// ipr.csv: one row per IPR event, arches in plan order and events along the arch (patient's right
/// first), then by stage — the order of `PlanSummary`'s IPR chart. Amounts in mm with 4 decimals.
enum IPRCSV {
    static let header = ["arch", "contact", "tooth_a_fdi", "tooth_b_fdi", "amount_mm", "before_stage"]

    static func table(_ plan: TreatmentPlan) -> DerivedTable {
        var rows: [[DerivedTable.Cell]] = []
        for arch in plan.arches {
            for e in arch.ipr.sorted(by: IPREvent.inArchOrder) {
                rows.append([.text(arch.jaw.rawValue), .text(e.contact.description), .text(String(e.contact.first.fdi)),
                             .text(String(e.contact.second.fdi)), .number(e.amountMM, decimals: 4), .text(String(e.beforeStage))])
            }
        }
        return DerivedTable(file: GenericSTLFormat.iprPath, header: header, rows: rows)
    }
}
