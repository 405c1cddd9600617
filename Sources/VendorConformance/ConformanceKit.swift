import Foundation
import PlanModel
import SampleCases
import VendorKit

/// The one conformance suite every adapter's tests run (like FluentBenchmark for database drivers):
/// the same checks for every adapter, skipped only where the descriptor says a feature is absent.
///
/// Use from a test: `let report = ConformanceKit(adapter: MyAdapter(), others: registry.adapters).run()`
/// then `#expect(report.passed, "\(report)")`.
public struct ConformanceKit: Sendable {
    public let adapter: any VendorAdapter
    /// Every other adapter (the kit checks that this adapter does not claim their output, and vice versa).
    public let others: [any VendorAdapter]
    /// The plans exported and read back.
    public let samples: [TreatmentPlan]
    /// Positions, poses and frames must survive a round trip within this (mm).
    public static let tolerance = 1e-4

    public init(adapter: any VendorAdapter, others: [any VendorAdapter] = [], samples: [TreatmentPlan]? = nil) {
        self.adapter = adapter
        self.others = others.filter { $0.descriptor.id != adapter.descriptor.id }
        self.samples = samples ?? ConformanceSamples.plans()
    }

    /// Runs every check in a scratch folder that is removed afterwards.
    public func run() -> ConformanceReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-conformance-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let context = ConformanceContext(kit: self, scratch: scratch)
        let checks: [(String, (ConformanceContext) -> ConformanceReport.Outcome)] = [
            ("descriptor is well-formed", DescriptorCheck.run),
            ("export of the samples succeeds or fails only with declared findings", ExportCheck.run),
            ("export then intake preserves what the descriptor claims", RoundTripCheck.run),
            ("probe claims its own output and nothing else", ProbeCheck.run),
            ("two exports are byte-identical", DeterminismCheck.run),
            ("damaged archives give typed errors", DamageCheck.run),
            ("a failed export leaves nothing behind", AtomicityCheck.run),
        ]
        return ConformanceReport(vendor: adapter.descriptor.id,
                                 checks: checks.map { ConformanceReport.Check(name: $0.0, outcome: $0.1(context)) })
    }
}

/// What every check shares: the kit, a scratch folder, and exports made once.
final class ConformanceContext: @unchecked Sendable {
    let kit: ConformanceKit
    let scratch: URL
    private var exports: [Int: Result<URL, VendorError>] = [:]
    private var counter = 0

    init(kit: ConformanceKit, scratch: URL) {
        self.kit = kit
        self.scratch = scratch
    }

    var adapter: any VendorAdapter { kit.adapter }
    var descriptor: VendorDescriptor { kit.adapter.descriptor }

    /// A fresh path in the scratch folder.
    func path(_ name: String) -> URL {
        counter += 1
        return scratch.appendingPathComponent("\(counter)-\(name)")
    }

    /// Export options the kit uses: forced (so samples over a profile's limits still produce archives
    /// to read back) and with a password when the format encrypts.
    var exportOptions: ExportOptions {
        ExportOptions(force: true, password: descriptor.capabilities.encryption ? ConformanceSamples.password : nil)
    }

    var intakeOptions: IntakeOptions {
        IntakeOptions(password: descriptor.capabilities.encryption ? ConformanceSamples.password : nil)
    }

    /// The export of sample `index`, made once.
    func export(_ index: Int) -> Result<URL, VendorError> {
        if let done = exports[index] { return done }
        let url = path("sample-\(index).\(descriptor.extensions.first ?? "archive")")
        let result: Result<URL, VendorError>
        do {
            _ = try adapter.export(kit.samples[index], to: url, options: exportOptions)
            result = .success(url)
        } catch {
            result = .failure(error)
        }
        exports[index] = result
        return result
    }
}
