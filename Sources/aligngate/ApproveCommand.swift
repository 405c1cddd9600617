import ArgumentParser
import Foundation
import Gateway
import Ledger
import PlanModel

/// `aligngate approve`: the treating doctor approves exactly one plan revision.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Record the treating doctor's approval of exactly this plan revision.",
        discussion: "The approval is bound to the plan's canonical content hash: any change to a pose, attachment, IPR event or mesh needs a new approval before export. PLAN is a .alignplan package, or a vendor archive (its plan, as intake reads it, is approved — what `convert` exports). Exit 2: unreadable plan or ledger.")

    @Argument(help: "A .alignplan package (folder or zip) or a vendor archive.")
    var plan: String

    @Option(help: "The treating doctor's name.")
    var doctor: String

    @Option(help: "A note kept with the approval.")
    var note: String = ""

    @Option(help: "The review report the doctor approved with (from `aligngate report`); its SHA-256 is recorded, and a report of another revision is refused.")
    var report: String?

    @OptionGroup var source: PlanSourceOptions

    @OptionGroup var ledger: LedgerOption

    func run() throws {
        let loaded = try PlanLoading.planOrArchive(plan, vendor: source.vendor, password: source.password)
        let revision: RevisionInfo
        do { revision = try Approval.revision(loaded) } catch { throw PlanLoading.exitCode(for: error) }
        let reportURL = report.map { URL(fileURLWithPath: $0) }
        let doctor = self.doctor, note = self.note
        let approval = try ledger.withStore { store in
            try await Approval.approve(loaded, doctor: doctor, note: note, ledger: store, revision: revision, report: reportURL)
        }
        print("approved case \(revision.caseID), revision \(revision.hash)")
        print("  by \(approval.doctor) at \(approval.at) (approval #\(approval.id ?? 0))\(note.isEmpty ? "" : ": \(note)")")
        if let sha = approval.reportSHA256 { print("  with the review report \(approval.reportFile ?? "") (sha256 \(sha))") }
        print("  \(revision.summary)")
    }
}
