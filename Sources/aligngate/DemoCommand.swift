import ArgumentParser
import Foundation
import Gateway
import Ledger
import PlanModel
import PlanPackage
import SampleCases
import VendorKit

/// `aligngate demo`: the main job on the bundled default.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make the sample case, print the compatibility matrix, export it to every system and take every archive back in.",
        discussion: "Exit 0: every archive written was read back and confirmed (a system refusing the plan is a verdict, not a failure); 1: an export or intake failed or differs; 2: output not writable.")

    @Option(help: "Folder for the sample plan and the archives.")
    var out = "aligngate-demo"

    @Option(help: "Aligners of the upper arch (default: the preset's).")
    var stages: Int?

    @Option(help: "Triangles per crown mesh (default: \(Self.quickTrianglesPerTooth), or the preset's with --full or --preset reference).")
    var trianglesPerTooth: Int?

    @Flag(help: "The full-size demo case: the default preset's crowns of \(SampleOptions(preset: .default).resolvedTrianglesPerTooth) triangles (~200k per arch), not the quick default's \(Self.quickTrianglesPerTooth).")
    var full = false

    /// The demo's default crown size: a decimated scan (~64k triangles per arch), so the main command takes
    /// seconds; `--full` is the preset's full-size case (docs/PERFORMANCE.md has both timings).
    static let quickTrianglesPerTooth = 4_000

    @Option(help: "Seed of the sample generator.")
    var seed: UInt64 = 1

    @Option(help: "Sample preset: \(SampleOptions.Preset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: SampleOptions.Preset = .default

    /// Default: `<out>/ledger.sqlite`, also when `ALIGNGATE_LEDGER` is set: the demo approves as a made-up
    /// doctor, so it writes to another ledger only when `--ledger` names one.
    @OptionGroup var ledger: LedgerOption

    /// The crown size asked for: given, or quick unless `--full` or another preset says otherwise.
    var resolvedTrianglesPerTooth: Int? {
        trianglesPerTooth ?? (full || preset != .default ? nil : Self.quickTrianglesPerTooth)
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        let plan: TreatmentPlan
        do { plan = try SampleCase.make(SampleOptions(preset: preset, stages: stages, trianglesPerTooth: resolvedTrianglesPerTooth, seed: seed)) } catch {
            throw ValidationError(error.description)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try PlanPackage.write(plan, to: folder.appendingPathComponent("sample.alignplan"), overwrite: true)
        } catch {
            Output.error("\(folder.path): \(error)")
            throw Output.unreadable
        }
        let registry = try PlanLoading.registry()
        var demoLedger = ledger
        demoLedger.path = ledger.path ?? folder.appendingPathComponent("ledger.sqlite").path
        let legs = try demoLedger.withStore { ledger in
            let summary = PlanSummary(plan: plan)
            let triangles = plan.arches.map { a in a.teeth.reduce(a.gingiva?.triangleCount ?? 0) { $0 + ($1.crown?.triangleCount ?? 0) } }
            print("1. Sample case \(summary.caseID) → \(folder.path)/sample.alignplan")
            print("   " + summary.arches.map { "\($0.jaw.rawValue) \($0.alignerCount) aligners" }.joined(separator: ", ")
                  + "; \(triangles.map(String.init).joined(separator: " / ")) triangles per arch; "
                  + "\(summary.attachmentCount) attachments; IPR \(SummaryText.number(summary.iprTotalMM, 2)) mm\n")

            let matrix: CompatibilityMatrix
            do { matrix = try CompatibilityMatrix.check(plan, registry: registry) } catch { throw PlanLoading.exitCode(for: error) }
            print("2. " + MatrixText.render(matrix, findingsPerVendor: 3) + "\n")

            let report = folder.appendingPathComponent("report.html")
            let written = try await ReviewReport.write(plan, to: report, registry: registry, ledger: ledger)
            let approval = try await Demo.approve(plan, ledger: ledger, report: report)
            print("3. Review report \(report.path) (\(SummaryText.number(Double(written.bytes) / 1_048_576, 1)) MB): open it in a browser")
            print("   Approval: the sample is approved as \"\(approval.doctor)\" — a demo label, not a clinician —")
            print("   bound to that report (sha256 \(written.sha256.prefix(12))): approval #\(approval.id ?? 0) of revision \(approval.planHash.prefix(12)) in \(ledger.location)\n")

            print("4. Export to every system (recorded in the ledger), then intake of every archive (probed, not named):")
            return await Demo.run(plan, registry: registry, folder: folder, ledger: ledger)
        }
        var allConfirmed = true
        for leg in legs {
            switch leg.export {
            case let .failure(error):
                // A refusal is the matrix's verdict, shown again; any other failure fails the demo.
                if case .vendor(.refused) = error {} else { allConfirmed = false }
                print("   \(leg.vendor): not exported — \(error.description.split(separator: "\n").first ?? "")")
            case let .success(export):
                let mb = SummaryText.number(Double(export.bytes) / 1_048_576, 1)
                print("   \(leg.vendor): wrote \(URL(fileURLWithPath: export.archive).lastPathComponent) (\(mb) MB, \(export.files.count) files, \(export.report.verdict.rawValue)) in \(SummaryText.number(leg.seconds, 1)) s")
                switch leg.intake {
                case nil: print("      intake: not supported by this adapter")
                case let .failure(error)?:
                    allConfirmed = false
                    print("      intake failed: \(error)")
                case let .success(c)?:
                    allConfirmed = allConfirmed && c.isConfirmed
                    let aligners = c.alignersPerArch.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
                    print("      intake: probed as \(c.detected) (score \(c.score)); \(aligners) aligners, \(c.teeth) teeth, \(c.attachments) attachments, \(c.iprEvents) IPR events")
                    if c.isConfirmed {
                        print("      confirmed: everything \(leg.vendor) carries matches (largest difference \(String(format: "%.2g", c.largestDifferenceMM)) mm)")
                    } else {
                        print("      NOT confirmed:")
                        for d in c.differences.prefix(5) { print("        \(d)") }
                    }
                }
            }
        }
        if !allConfirmed { throw Output.problemsFound }
    }
}
