import ArgumentParser
import Foundation
import Gateway
import VendorKit

/// `aligngate export`: a plan to one system's archive.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a plan to one vendor's archive format.",
        discussion: "Refuses a plan the system cannot take (exit 1) unless --force. Exit 2: unreadable plan or unwritable output.")

    @Argument(help: "A .alignplan package (folder or zip).")
    var plan: String

    @Option(help: "The vendor id (see `aligngate vendors`).")
    var vendor: String

    @Option(help: "The archive to write.")
    var out: String

    @Flag(help: "Treat warnings (losses, risks) as errors.")
    var strict = false

    @Flag(help: "Write even when the check finds errors, and replace an existing file.")
    var force = false

    @Option(help: "Password, for formats that encrypt (never stored in the archive).")
    var password: String?

    @Flag(help: "Print the export summary as JSON.")
    var json = false

    func run() throws {
        let loaded = try PlanLoading.plan(plan)
        let summary: ExportSummary
        do {
            summary = try PlanLoading.registry().adapter(vendor).export(
                loaded, to: URL(fileURLWithPath: out),
                options: ExportOptions(strict: strict, force: force, overwrite: force, password: password))
        } catch {
            throw PlanLoading.fail(error)
        }
        if json { print(try Output.json(summary)); return }
        print("\(summary.vendor): wrote \(summary.archive) (\(summary.files.count) files, \(summary.bytes) bytes, sha256 \(summary.sha256))")
        print("verdict: \(summary.report.verdict.rawValue) — \(summary.report.errors.count) errors, \(summary.report.warnings.count) warnings, \(summary.report.notes.count) notes")
        for f in summary.report.findings where f.severity != .note { print("  \(f)\n    → \(f.remedy)") }
    }
}
