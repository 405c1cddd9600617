import ArgumentParser
import Foundation
import Gateway
import VendorKit

/// `aligngate export`: a plan to one system's archive.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a plan to one vendor's archive format.",
        discussion: "Needs the treating doctor's approval of this exact plan revision (`aligngate approve`) unless --allow-unapproved; records the export in the ledger. Refuses an unapproved plan or one the system cannot take (exit 1) unless --allow-unapproved / --force. Exit 2: unreadable plan or ledger, unwritable output.")

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

    @Flag(help: "Export a plan revision no doctor has approved; the ledger records it as unapproved.")
    var allowUnapproved = false

    @OptionGroup var ledger: LedgerOption

    @OptionGroup var progress: ProgressOptions

    func run() throws {
        let loaded = try PlanLoading.plan(plan)
        let registry = try PlanLoading.registry()
        let vendor = self.vendor, out = URL(fileURLWithPath: self.out), allowUnapproved = self.allowUnapproved, quiet = progress.quiet
        let (strict, force, password) = (self.strict, self.force, self.password)
        let export = try ledger.withStore { store in
            let bar = ProgressBar.start(quiet: quiet)
            defer { bar.stop() }
            return try await GatedExport.run(
                loaded, vendor: vendor, to: out,
                options: ExportOptions(strict: strict, force: force, overwrite: force, password: password, progress: bar.meter),
                allowUnapproved: allowUnapproved, registry: registry, ledger: store)
        }
        let summary = export.summary
        if json { print(try Output.json(summary)); return }
        print("\(summary.vendor): wrote \(summary.archive) (\(summary.files.count) files, \(summary.bytes) bytes, sha256 \(summary.sha256))")
        print(ExportText.gate(export))
        print("verdict: \(summary.report.verdict.rawValue) — \(summary.report.errors.count) errors, \(summary.report.warnings.count) warnings, \(summary.report.notes.count) notes")
        for f in summary.report.findings where f.severity != .note { print("  \(f)\n    → \(f.remedy)") }
    }
}

/// How an export passed the approval gate, as one line.
enum ExportText {
    static func gate(_ export: RecordedExport) -> String {
        let revision = "revision \(export.revision.hash.prefix(12))"
        guard let approval = export.approval else {
            return "UNAPPROVED: \(revision) has no approval; recorded as export #\(export.record.id ?? 0) with --allow-unapproved"
        }
        return "\(revision) approved by \(approval.doctor) at \(approval.at); recorded as export #\(export.record.id ?? 0)"
    }
}
