import ArgumentParser
import Foundation
import Gateway
import VendorKit

/// `aligngate convert`: intake, then export to another system.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Read a vendor archive and export its plan to another vendor's format.",
        discussion: "Exit 0: converted; 1: the target refuses the plan (use --force to write anyway); 2: unreadable input or output.")

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

    func run() throws {
        do {
            let (outcome, summary) = try Intake.convert(
                URL(fileURLWithPath: archive), to: to, out: URL(fileURLWithPath: out), registry: try PlanLoading.registry(),
                from: from, intakeOptions: IntakeOptions(password: password),
                exportOptions: ExportOptions(strict: strict, force: force, overwrite: force, password: outPassword))
            print("read \(archive) as \(outcome.vendor); wrote \(summary.archive) as \(summary.vendor) (\(summary.bytes) bytes)")
            print("verdict: \(summary.report.verdict.rawValue) — \(summary.report.errors.count) errors, \(summary.report.warnings.count) warnings")
            for f in summary.report.findings where f.severity != .note { print("  \(f)\n    → \(f.remedy)") }
        } catch {
            throw PlanLoading.fail(error)
        }
    }
}
