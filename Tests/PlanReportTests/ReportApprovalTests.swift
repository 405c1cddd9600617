import Foundation
import Gateway
import GRDB
import Ledger
import PlanModel
import PlanReport
import SampleCases
import Testing

/// Approval binds what was reviewed: the report's SHA-256 is recorded with the plan hash and covered by the
/// audit chain; a report of another revision, or a file that is no report, is refused.
@Suite struct ReportApprovalTests {
    func setup(stages: Int = 3) throws -> (folder: URL, plan: TreatmentPlan, ledger: Ledger, registry: Registry) {
        let folder = try ReportFixture.folder()
        let plan = try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: 1))
        return (folder, plan, try Ledger.open(folder.appendingPathComponent("ledger.sqlite")), try Registry.standard())
    }

    @Test func approvalRecordsTheReportAndTheChainCoversIt() async throws {
        let (folder, plan, ledger, registry) = try setup()
        let file = folder.appendingPathComponent("report.html")
        let written = try await ReviewReport.write(plan, to: file, registry: registry, ledger: ledger)
        #expect(written.approval == .notApproved(reason: "the ledger ledger.sqlite holds no approval of this revision"))
        let approval = try await Approval.approve(plan, doctor: "Dr. Ada Moreno", ledger: ledger, report: file)
        #expect(approval.reportSHA256 == written.sha256 && approval.reportFile == "report.html")
        #expect(try ledger.verifyAudit().isIntact)
        let entry = try #require(try ledger.auditEntries().last)
        #expect(entry.payload.contains("\"reportSHA256\":\"\(written.sha256)\""))
        // History shows which report the approval saw.
        let approvals = try ledger.history(caseID: plan.metadata.caseID).events.compactMap { event -> ApprovalRecord? in
            if case let .approval(a) = event { return a } else { return nil }
        }
        #expect(approvals.map(\.reportSHA256) == [written.sha256])
        // A report made now shows the approval.
        let after = try await ReviewReport.write(plan, to: folder.appendingPathComponent("after.html"), registry: registry, ledger: ledger)
        guard case let .approved(doctor, _, id, _, report) = after.approval else { Issue.record("not approved: \(after.approval)"); return }
        #expect(doctor == "Dr. Ada Moreno" && id == approval.id && report == written.sha256)
        let html = try String(contentsOf: after.file, encoding: .utf8)
        #expect(html.contains("data-state=\"approved\""))
    }

    @Test func editingTheRecordedReportHashBreaksTheAudit() async throws {
        let (folder, plan, ledger, registry) = try setup()
        let file = folder.appendingPathComponent("report.html")
        _ = try await ReviewReport.write(plan, to: file, registry: registry, ledger: ledger)
        let approval = try await Approval.approve(plan, doctor: "Dr. Ada Moreno", ledger: ledger, report: file)
        let raw = try DatabaseQueue(path: ledger.file.path)
        try await raw.write { try $0.execute(sql: "UPDATE approval SET reportSHA256 = ? WHERE id = ?", arguments: [String(repeating: "0", count: 64), approval.id]) }
        let problem = try ledger.verifyAudit().problem
        #expect(problem == .differs(kind: "approval", id: approval.id ?? 0, seq: 1))
        // And the gate no longer trusts that approval.
        #expect(throws: LedgerError.self) { try ledger.approval(of: approval.planHash) }
    }

    @Test func aReportOfAnotherRevisionIsRefused() async throws {
        let (folder, plan, ledger, registry) = try setup()
        let file = folder.appendingPathComponent("report.html")
        let old = try await ReviewReport.write(plan, to: file, registry: registry, ledger: ledger)
        var changed = plan
        changed.metadata.notes = "one more note: a new revision"
        let revision = try Approval.revision(changed).hash
        let refusal = await #expect(throws: GatewayError.self) {
            try await Approval.approve(changed, doctor: "Dr. Ada Moreno", ledger: ledger, report: file)
        }
        guard case let .reportRevision(path, madeFrom, planHash)? = refusal else {
            Issue.record("not a revision refusal: \(String(describing: refusal))")
            return
        }
        #expect(path == file.path && madeFrom == old.revision && planHash == revision)
        let message = refusal?.description ?? ""
        #expect(message.contains("made from plan revision \(old.revision.prefix(12))") && message.contains("aligngate report"))
        #expect(try ledger.approval(of: revision) == nil)
        #expect(try ledger.auditEntries().isEmpty)
    }

    @Test func aFileThatIsNoReportIsRefused() async throws {
        let (folder, plan, ledger, _) = try setup()
        let file = folder.appendingPathComponent("notes.html")
        try Data("<html><body>looks fine to me</body></html>".utf8).write(to: file)
        await #expect(throws: GatewayError.self) { try await Approval.approve(plan, doctor: "Dr. Ada Moreno", ledger: ledger, report: file) }
        let missing = folder.appendingPathComponent("absent.html")
        await #expect(throws: GatewayError.self) { try await Approval.approve(plan, doctor: "Dr. Ada Moreno", ledger: ledger, report: missing) }
        #expect(try ledger.auditEntries().isEmpty)
    }

    @Test func approvalsWithoutAReportKeepTheirAuditPayload() async throws {
        let (_, plan, ledger, _) = try setup()
        let approval = try await Approval.approve(plan, doctor: "Dr. Ada Moreno", ledger: ledger)
        #expect(approval.reportSHA256 == nil)
        let entry = try #require(try ledger.auditEntries().last)
        // The same canonical payload as before migration 3: entries written then still verify.
        #expect(!entry.payload.contains("report"))
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test func printingWithoutChromiumNamesTheMissingProgram() throws {
        let folder = try ReportFixture.folder()
        let html = folder.appendingPathComponent("r.html")
        try Data("<html></html>".utf8).write(to: html)
        let error = #expect(throws: GatewayError.self) {
            try ReportPrinter.printPDF(html, to: folder.appendingPathComponent("r.pdf"), environment: ["PATH": folder.path])
        }
        guard case let .missingProgram(name, purpose)? = error else {
            Issue.record("not a missing-program error: \(String(describing: error))")
            return
        }
        #expect(name == "chromium" && purpose.contains("PDF"))
        #expect(error?.description.contains("chromium is not installed") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.pdf").path))
    }
}

/// The report migration on a ledger written before it: approvals made then keep verifying afterwards.
@Suite struct ReportMigrationTests {
    @Test func aLedgerFromBeforeTheReportColumnsMigratesAndStillVerifies() async throws {
        let folder = try ReportFixture.folder()
        let file = folder.appendingPathComponent("ledger.sqlite")
        let plan = try SampleCase.make(SampleOptions(stages: 2, trianglesPerTooth: 200, seed: 1))
        // A ledger at schema 3 holding an approval without a report, then migration 3 (the report
        // columns) undone: the ledger as the aligngate before that migration wrote it.
        do {
            let ledger = try Ledger.open(file, schemaVersion: 3)
            _ = try await Approval.approve(plan, doctor: "Dr. Before", ledger: ledger)
        }
        let raw = try DatabaseQueue(path: file.path)
        try await raw.writeWithoutTransaction { db in
            try db.execute(sql: "ALTER TABLE approval DROP COLUMN reportSHA256; ALTER TABLE approval DROP COLUMN reportFile; PRAGMA user_version = 2")
        }
        try raw.close()
        let ledger = try Ledger.open(file)
        #expect(try ledger.schemaVersion() == Ledger.currentSchemaVersion)
        #expect(try ledger.verifyAudit().isIntact)
        let report = folder.appendingPathComponent("report.html")
        _ = try await ReviewReport.write(plan, to: report, registry: try Registry.standard(), ledger: ledger)
        let approval = try await Approval.approve(plan, doctor: "Dr. After", ledger: ledger, report: report)
        #expect(approval.reportFile == "report.html")
        #expect(try ledger.verifyAudit() == AuditVerification(entries: 2, intact: 2, problem: nil))
    }
}
