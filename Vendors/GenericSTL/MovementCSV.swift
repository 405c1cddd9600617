import PlanModel

/// movements.csv: every aligner stage's step and cumulative movement of every movable tooth
/// (`Movements.table(for:)`), one row per arch × stage ≥ 1 × tooth, arches in plan order, stages
/// ascending, teeth along the arch. Millimetres with 4 decimals, degrees with 3.
enum MovementCSV {
    static let mmDecimals = 4
    static let degreeDecimals = 3

    /// The six components in column order, with their CSV names.
    static let components: [(MovementKind, String)] = [
        (.mesialDistal, "mesial_distal_mm"), (.buccalLingual, "buccal_lingual_mm"),
        (.extrusionIntrusion, "extrusion_intrusion_mm"), (.tip, "tip_deg"), (.torque, "torque_deg"),
        (.rotation, "rotation_deg"),
    ]

    static let header = ["arch", "stage", "tooth_fdi"] + components.map(\.1) + components.map { "cum_" + $0.1 }

    static func table(_ plan: TreatmentPlan) -> DerivedTable {
        var rows: [[DerivedTable.Cell]] = []
        for arch in plan.arches {
            for stage in Movements.table(for: arch) {
                for row in stage.teeth {
                    let key: [DerivedTable.Cell] = [.text(arch.jaw.rawValue), .text(String(stage.stage)), .text(String(row.tooth.fdi))]
                    rows.append(key + cells(row.step) + cells(row.cumulative))
                }
            }
        }
        return DerivedTable(file: GenericSTLFormat.movementsPath, header: header, rows: rows)
    }

    static func cells(_ m: ToothMovement) -> [DerivedTable.Cell] {
        components.map { kind, _ in .number(m[kind], decimals: kind.isLinear ? mmDecimals : degreeDecimals) }
    }
}
