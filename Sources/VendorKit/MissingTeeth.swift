import PlanModel

/// Teeth a layout that lists only present teeth skips inside the arch, shared by the adapters that infer them.
public enum MissingTeeth {
    /// An absent tooth with a tooth of its quadrant further from the midline is missing (extracted or never
    /// formed), unless a tooth of the other dentition holds its place (a primary molar before its premolar
    /// erupts, or the successor of a lost primary tooth). Absent teeth past the last one of a quadrant (third
    /// molars, mostly) are simply not listed.
    public static func inferred(present: Set<ToothID>) -> Set<ToothID> {
        var missing: Set<ToothID> = []
        for quadrant in Set(present.map(\.quadrant)) {
            let primary = quadrant >= 5
            let last = present.filter { $0.quadrant == quadrant }.map(\.position).max() ?? 0
            for position in 1..<max(1, last) {
                guard let id = try? ToothID(fdi: quadrant * 10 + position), !present.contains(id) else { continue }
                let other = try? ToothID(fdi: (primary ? quadrant - 4 : quadrant + 4) * 10 + position)
                if let other, present.contains(other) { continue }
                missing.insert(id)
            }
        }
        return missing
    }
}
