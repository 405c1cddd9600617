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
        let registry = try PlanLoading.registry()
        let archive = self.archive, to = self.to, out = URL(fileURLWithPath: self.out), from = self.from, quiet = progress.quiet
        let (password, outPassword, strict, force, allowUnapproved) = (self.password, self.outPassword, self.strict, self.force, self.allowUnapproved)
        let (outcome, export) = try ledger.withStore { store in
            let bar = ProgressBar.start(quiet: quiet)
            defer { bar.stop() }
            return try await RecordedConvert.run(
                URL(fileURLWithPath: archive), to: to, out: out, registry: registry,
                from: from, intakeOptions: IntakeOptions(password: password, progress: bar.meter),
                exportOptions: ExportOptions(strict: strict, force: force, overwrite: force, password: outPassword, progress: bar.meter),
                allowUnapproved: allowUnapproved, ledger: store)
        }
        let summary = export.summary
        print("read \(archive) as \(outcome.vendor); wrote \(summary.archive) as \(summary.vendor) (\(summary.bytes) bytes)")
        print(ExportText.gate(export))
        print("verdict: \(summary.report.verdict.rawValue) — \(summary.report.errors.count) errors, \(summary.report.warnings.count) warnings")
        for f in summary.report.findings where f.severity != .note { print("  \(f)\n    → \(f.remedy)") }
    }
}
