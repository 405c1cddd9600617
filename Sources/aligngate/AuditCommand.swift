import ArgumentParser
import Foundation
import Ledger

/// `aligngate audit`: the hash-chained audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the ledger's append-only audit log.",
        subcommands: [AuditVerifyCommand.self])
}

/// `aligngate audit verify`: walks the chain, cross-checks the rows against it and names the first break.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit log's hash chain.",
        discussion: "Exit 0: intact; 1: an entry was edited, deleted or re-ordered, or an approval, export or intake row differs from its entry or has none (the first one is named); 2: no ledger at that path, or an unreadable one.")

    @Flag(help: "Print stable JSON.")
    var json = false

    @OptionGroup var ledger: LedgerOption

    func run() throws {
        let (location, result) = try ledger.withStore(mustExist: true) { store in (store.location, try await store.verifyAudit()) }
        if json {
            print(try Output.json(result))
        } else if let problem = result.problem, problem.isRecordMismatch {
            print("\(location): audit chain intact (\(result.entries) entries) but the records disagree with it: \(problem)")
        } else if let problem = result.problem {
            print("\(location): audit chain BROKEN after \(result.intact) of \(result.entries) entries: \(problem)")
        } else {
            print("\(location): audit chain intact (\(result.entries) entries)")
        }
        if !result.isIntact { throw Output.problemsFound }
    }
}
