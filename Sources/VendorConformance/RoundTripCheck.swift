import VendorKit

/// Export → intake preserves what the descriptor claims: poses and vertices within the tolerance, stage
/// counts and flags, attachments, IPR, metadata. Where the descriptor says a format carries the initial
/// stage only, or estimates crown frames, only that much is compared (`PlanComparison`).
enum RoundTripCheck {
    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction == .both else { return .skipped("the adapter converts one way only") }
        var f = Failures()
        for (i, plan) in c.samples.enumerated() {
            guard case let .success(url) = c.export(i) else { f.fail("sample \(i) did not export"); continue }
            do {
                let result = try c.adapter.read(url, options: c.intakeOptions)
                var comparison = PlanComparison(tolerance: ConformanceKit.tolerance, capabilities: c.descriptor.capabilities)
                comparison.compare(plan, result.plan)
                for message in comparison.failures { f.fail("sample \(i): \(message)") }
                f.expect(result.report.errors.isEmpty, "sample \(i): reading its own export reported errors: \(result.report.errors)")
            } catch {
                f.fail("sample \(i): reading the export failed: \(error)")
            }
        }
        return f.outcome
    }
}
