import Foundation
import VendorKit

/// The same plan gives the same archive bytes (not for encrypted formats: their salt is random by design).
enum DeterminismCheck {
    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction.exports else { return .skipped("the adapter does not export") }
        guard !c.descriptor.capabilities.encryption else { return .skipped("encrypted archives use a random salt") }
        var f = Failures()
        for i in c.samples.indices {
            guard case let .success(first) = c.export(i) else { f.fail("sample \(i) did not export"); continue }
            let second = c.path("again")
            do {
                _ = try c.adapter.export(c.samples[i], to: second, options: c.exportOptions)
                f.expect(try Data(contentsOf: first) == Data(contentsOf: second), "sample \(i): two exports differ")
            } catch {
                f.fail("sample \(i): second export failed: \(error)")
            }
        }
        return f.outcome
    }
}
