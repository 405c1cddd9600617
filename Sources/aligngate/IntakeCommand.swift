import ArgumentParser
import Foundation
import Gateway
import Ledger
import PlanModel
import VendorKit

/// `aligngate intake`: probe → parse → validate → check against a target system.
struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Read a vendor archive, validate the plan in it, and check it against a target system.",
        discussion: "Recorded in the ledger once per archive content and target: the same archive again prints the recorded result (\"already recorded at …\") without reading it. Exit 0: accepted; 1: rejected (structural problems, read errors, or the target refuses it); 2: unreadable or ambiguous archive, unreadable ledger.")

    @Argument(help: "The archive (or a .alignplan folder).")
    var archive: String

    @Option(help: "The archive's vendor id; default: probe every adapter.")
    var vendor: String?

    @Option(name: .customLong("for"), help: "A target system's id to check the plan against.")
    var target: String?

    @Option(help: "Password, for encrypted archives.")
    var password: String?

    @Flag(help: "Treat the target's warnings as errors.")
    var strict = false

    @Option(help: "stl-series: a path pattern with {jaw} and {stage} for layouts the naming rules miss, e.g. 'models/{jaw}/tray{stage}.stl'.")
    var layout: String?

    @Option(help: "stl-series: the teeth's FDI numbers in arch order (patient's right distal first), e.g. 17,16,…,27; overrides the numbering from geometry.")
    var teeth: String?

    @Flag(help: "Print stable JSON.")
    var json = false

    @OptionGroup var ledger: LedgerOption

    @OptionGroup var progress: ProgressOptions

    func run() throws {
        let registry = try PlanLoading.registry()
        let teeth: [ToothID]?
        do { teeth = try ToothList.parse(self.teeth) } catch { throw PlanLoading.exitCode(for: error) }
        let archive = URL(fileURLWithPath: self.archive), quiet = progress.quiet
        let (vendor, target, password, layout, strict) = (self.vendor, self.target, self.password, self.layout, self.strict)
        let result = try ledger.withStore { store in
            let bar = ProgressBar.start(quiet: quiet)
            defer { bar.stop() }
            return try await RecordedIntake.run(archive, registry: registry, vendor: vendor, target: target,
                                                options: IntakeOptions(password: password, progress: bar.meter, layout: layout, teeth: teeth),
                                                strict: strict, ledger: store)
        }
        switch result {
        case let .recorded(outcome, record):
            let report = IntakeReport(outcome, record: record)
            print(json ? try Output.json(report) : report.text + "\nrecorded as intake #\(record.id ?? 0)")
        case let .alreadyRecorded(record):
            print(json ? try Output.json(RecordedIntakeReport(record)) : RecordedIntakeReport(record).text)
        }
        if !result.record.accepted { throw Output.problemsFound }
    }
}

extension RecordedIntakeReport {
    var text: String {
        let target = intake.profile.isEmpty ? "" : " for \(intake.profile)"
        return "already recorded at \(intake.at) as intake #\(intake.id ?? 0): archive sha256 \(intake.archiveSHA256)\n"
            + "read as \(intake.vendor); case \(intake.caseID)\(target): \(intake.verdict)\n"
            + (intake.accepted ? "accepted" : "rejected")
    }
}

extension IntakeReport {
    var text: String {
        var out: [String] = []
        let probed = scores.isEmpty ? "named" : "probed: " + scores.prefix(3).map { "\($0.vendor) \($0.score)" }.joined(separator: ", ")
        out.append("read as \(vendor) (\(probed))")
        let arches = summary.arches.map { "\($0.jaw.rawValue) \($0.alignerCount) aligners" }.joined(separator: ", ")
        out.append("case \(summary.caseID): \(arches); \(summary.attachmentCount) attachments; IPR \(SummaryText.number(summary.iprTotalMM, 2)) mm")
        out.append(problems.isEmpty ? "structure: no problems" : "structure: \(problems.count) problem(s)")
        out += problems.map { "  \($0)" }
        out += readFindings.map { "  \($0)" }
        if let recovery { out.append(recovery.text) }
        if let target, let targetVerdict {
            out.append("for \(target): \(targetVerdict.rawValue)")
            for f in (targetFindings ?? []) where f.severity != .note { out.append("  \(f)\n    → \(f.remedy)") }
        }
        out.append(accepted ? "accepted" : "rejected")
        return out.joined(separator: "\n")
    }
}
