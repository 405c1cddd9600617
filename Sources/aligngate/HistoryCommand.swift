import ArgumentParser
import Foundation
import Gateway
import Ledger

/// `aligngate history`: what the ledger holds about one case, in order.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List a case's plan revisions, derivations, approvals, exports and intakes, in order.",
        discussion: "Settles exports a dead process left pending first. Exit 1: the ledger knows nothing of the case; 2: no ledger at that path, or an unreadable one.")

    @Argument(help: "The case id (as in plan.json's case.caseID).")
    var caseID: String

    @Flag(help: "Print stable JSON.")
    var json = false

    @OptionGroup var ledger: LedgerOption

    func run() throws {
        let caseID = self.caseID
        let history = try ledger.withStore(mustExist: true) { store in
            // On a shared ledger only this host's dead processes are settled (ExportRecovery checks the owner's host).
            try await ExportRecovery.reconcile(store)
            return try await store.history(caseID: caseID)
        }
        try show(history)
    }

    func show(_ history: CaseHistory) throws {
        if json { print(try Output.json(history)) } else { print(HistoryText.render(history)) }
        if history.isEmpty { throw Output.problemsFound }
    }
}

/// The text form of a case history: one line per event, time first.
enum HistoryText {
    static func render(_ history: CaseHistory) -> String {
        guard !history.isEmpty else { return "case \(history.caseID): nothing recorded" }
        var lines = ["case \(history.caseID): \(history.events.count) events"]
        for event in history.events {
            switch event {
            case let .revision(r):
                lines.append("\(r.firstSeen)  revision  \(short(r.hash))  \(r.summary)")
            case let .approval(a):
                var line = "\(a.at)  approval  #\(a.id ?? 0) of \(short(a.planHash)) by \(a.doctor)\(a.note.isEmpty ? "" : " — \(a.note)")"
                if let sha = a.reportSHA256 { line += "\n      saw the review report \(a.reportFile ?? "") (sha256 \(short(sha)))" }
                lines.append(line)
            case let .export(e):
                let gate = e.unapproved ? "UNAPPROVED (--allow-unapproved)" : "approval #\(e.approvalID ?? 0)"
                var line = "\(e.startedAt)  export    #\(e.id ?? 0) of \(short(e.planHash)) → \(e.vendor) \(e.path): \(e.status.rawValue), \(gate)"
                if e.status == .complete, let sha = e.sha256, let bytes = e.bytes { line += ", \(bytes) bytes, sha256 \(short(sha))" }
                if let seconds = e.seconds { line += String(format: ", %.1f s", seconds) }
                if let detail = e.detail?.split(separator: "\n").first { line += "\n      \(detail)" }
                lines.append(line)
            case let .intake(i):
                let target = i.profile.isEmpty ? "" : " for \(i.profile)"
                lines.append("\(i.at)  intake    #\(i.id ?? 0) archive \(short(i.archiveSHA256)) read as \(i.vendor)\(target): \(i.verdict), \(i.accepted ? "accepted" : "rejected") (\(i.archive))")
            case let .derivation(d):
                lines.append("\(d.at)  derived   \(short(d.planHash)) from \(short(d.sourceHash)): restaged for \(d.target) (margin \(d.margin)): \(d.detail); needs its own approval")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func short(_ hash: String) -> String { String(hash.prefix(12)) }
}
