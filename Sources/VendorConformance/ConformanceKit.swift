import Foundation
import PlanModel
import VendorKit

/// The one conformance suite every adapter's tests run (like FluentBenchmark for database drivers):
/// the same checks for every adapter, skipped only where the descriptor says a feature is absent.
///
/// From an adapter's test target, one test case per check:
/// `@Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async { await ConformanceKit.expect(MyAdapter(), check) }`
/// (`expect` is in the test target's helper, see the scaffold) or `await ConformanceKit(adapter:).check(check)`.
public struct ConformanceKit: Sendable {
    public let adapter: any VendorAdapter
    /// Every other adapter (the kit checks that this adapter does not claim their output).
    public let others: [any VendorAdapter]
    /// The plans exported and read back; nil: `ConformanceSamples.plans()`.
    public let samples: [TreatmentPlan]?
    /// Positions, poses and frames must survive a round trip within this (mm).
    public static let tolerance = 1e-4
    /// The foreign-probe check compares with at least this many other adapters' outputs, or fails.
    public static let minimumForeignOutputs = 3

    public init(adapter: any VendorAdapter, others: [any VendorAdapter] = [], samples: [TreatmentPlan]? = nil) {
        self.adapter = adapter
        self.others = others.filter { $0.descriptor.id != adapter.descriptor.id }
        self.samples = samples
    }

    /// Runs one check. Exports are made once per adapter and shared by its checks (they may run in parallel).
    public func check(_ check: ConformanceCheck) async -> ConformanceReport.Check {
        let outcome: ConformanceReport.Outcome
        do {
            let context = try ConformanceContext.shared(for: self)
            outcome = await Self.run(check, context)
        } catch {
            outcome = .failed(["the samples cannot be built: \(error)"])
        }
        return ConformanceReport.Check(name: check.title, check: check, outcome: outcome)
    }

    /// Runs every check, in order (`ConformanceCheck.allCases`; the foreign probe fails without `others`).
    public func run() async -> ConformanceReport {
        var checks: [ConformanceReport.Check] = []
        for c in ConformanceCheck.allCases { checks.append(await check(c)) }
        return ConformanceReport(vendor: adapter.descriptor.id, checks: checks)
    }

    static func run(_ check: ConformanceCheck, _ c: ConformanceContext) async -> ConformanceReport.Outcome {
        switch check {
        case .descriptor: return DescriptorCheck.run(c)
        case .export: return ExportCheck.run(c)
        case .roundTrip: return RoundTripCheck.run(c)
        case .probe: return ProbeCheck.run(c)
        case .foreignProbe: return ProbeCheck.foreign(c)
        case .determinism: return DeterminismCheck.run(c)
        case .damage: return DamageCheck.run(c)
        case .seededDamage: return SeededDamageCheck.run(c)
        case .atomicity: return AtomicityCheck.run(c)
        case .interruptedWrite: return InterruptionCheck.failingOutput(c)
        case .cancelledWrite: return await InterruptionCheck.cancellation(c)
        }
    }
}
