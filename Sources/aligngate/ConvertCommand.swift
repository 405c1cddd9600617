import ArgumentParser
import Foundation
import Gateway
import VendorKit

/// `aligngate convert`: intake, then export to another system.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Read a vendor archive and export its plan to another vendor's format.",
        discussion: "Records the intake and the export. Like any export, the plan read must be approved (`aligngate approve ARCHIVE`) unless --allow-unapproved. Exit 0: converted; 1: the target refuses the plan (use --force to write anyway) or it is not approved; 2: unreadable input, output or ledger.")

    @Argument(help: "The archive to read.")
    var archive: String

    @Option(help: "The target vendor id.")
    var to: String

    @Option(help: "The archive to write.")
    var out: String

    @Option(help: "The input archive's vendor id; default: probe.")
    var from: String?

    @Option(help: "Password of the input archive, if encrypted.")
    var password: String?

    @Option(help: "Password for the output, if the target encrypts.")
    var outPassword: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Write even when the target's check finds errors, and replace an existing file.")
    var force = false

    @Flag(help: "Export a plan revision no doctor has approved; the ledger records it as unapproved.")
    var allowUnapproved = false

    @OptionGroup var ledger: LedgerOption

    @OptionGroup var progress: ProgressOptions

    func run() throws {
        let ledger = try ledger.open()
        let bar = ProgressBar.start(quiet: progress.quiet)
        defer { bar.stop() }
        do {
            let (outcome, export) = try RecordedConvert.run(
                URL(fileURLWithPath: archive), to: to, out: URL(fileURLWithPath: out), registry: try PlanLoading.registry(),
                from: from, intakeOptions: IntakeOptions(password: password, progress: bar.meter),
                exportOptions: ExportOptions(strict: strict, force: force, overwrite: force, password: outPassword,
                                             progress: bar.meter),
                allowUnapproved: allowUnapproved, ledger: ledger)
            bar.stop()
            let summary = export.summary
            print("read \(archive) as \(outcome.vendor); wrote \(summary.archive) as \(summary.vendor) (\(summary.bytes) bytes)")
            print(ExportText.gate(export))
            print("verdict: \(summary.report.verdict.rawValue) — \(summary.report.errors.count) errors, \(summary.report.warnings.count) warnings")
            for f in summary.report.findings where f.severity != .note { print("  \(f)\n    → \(f.remedy)") }
        } catch {
            throw PlanLoading.exitCode(for: error)
        }
    }
}
