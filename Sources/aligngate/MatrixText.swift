import Gateway
import VendorKit
import TextReport

/// The compatibility matrix as a terminal table plus the main findings with their remedies.
enum MatrixText {
    static func render(_ m: CompatibilityMatrix, findingsPerVendor: Int = 5) -> String {
        var table = TextTable("vendor", "verdict", "errors", "warnings", "notes")
        for row in m.rows {
            table.add(row.vendor, row.verdict.rawValue, String(row.errors), String(row.warnings), String(row.notes))
        }
        var out = ["Case \(m.caseID): which systems can take this plan", "", table.rendered]
        for row in m.rows where !row.findings.isEmpty {
            out.append("")
            out.append("\(row.name) (\(row.vendor)): \(row.verdict.rawValue)")
            for f in row.findings.prefix(findingsPerVendor) {
                out.append("  \(f)")
                out.append("    → \(f.remedy)")
            }
            if row.findings.count > findingsPerVendor {
                out.append("  … \(row.findings.count - findingsPerVendor) more (use --json for all)")
            }
            if let price = row.restage {
                out.append("  \(price.text)")
                out.append("    → aligngate restage PLAN --for \(row.vendor) --out NEW (then approve NEW)")
            }
        }
        return out.joined(separator: "\n")
    }
}
