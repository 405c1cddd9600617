import Foundation
import Gateway
import Ledger
import PlanModel
import Testing
import VendorKit

/// The approval gate, the export's record and audit entry, intake idempotency and recovery after a dead process
/// on the SQLite ledger (GatewayStoreTests runs the refusal and the recovery of dead exports on both stores).
@Suite struct GatedExportTests {
    let registry: Registry
    init() throws { registry = try Registry.standard() }

    @Test func approvedExportIsRecordedAndAModifiedPlanNeedsANewApproval() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        let approval = try await Approval.approve(plan, doctor: "Dr. Ada Moreno", note: "as planned", ledger: ledger)
        let out = folder.appendingPathComponent("case.zip")
        let export = try await GatedExport.run(plan, vendor: "generic-stl", to: out, registry: registry, ledger: ledger)
        #expect(export.record.status == .complete)
        #expect(export.record.approvalID == approval.id)
        #expect(export.record.sha256 == (try FileDigest.sha256(out)))
        #expect(export.summary.archive == out.standardizedFileURL.path)
        // Only the archive remains in the folder: no staging or temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["case.zip", "ledger.sqlite", "ledger.sqlite-shm", "ledger.sqlite-wal"].filter {
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) })

        var changed = plan
        changed.arches[0].ipr[0].amountMM += 0.1
        await #expect(throws: GatewayError.self) {
            try await GatedExport.run(changed, vendor: "generic-stl", to: folder.appendingPathComponent("changed.zip"),
                                registry: registry, ledger: ledger)
        }
        let unapproved = try await GatedExport.run(changed, vendor: "generic-stl", to: folder.appendingPathComponent("changed.zip"),
                                             allowUnapproved: true, registry: registry, ledger: ledger)
        #expect(unapproved.record.unapproved && unapproved.approval == nil)

        let kinds = try ledger.auditEntries().map(\.kind)
        #expect(kinds == ["approval", "export", "export"])
        let shape = try ledger.history(caseID: plan.metadata.caseID).events.map(GatewayStoreTests.shape)
        #expect(shape == ["revision", "approval", "export complete", "revision", "export complete unapproved"])
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test func refusedExportIsRecordedAsFailedWithoutAnAuditEntry() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        _ = try await Approval.approve(plan, doctor: "Dr. A", ledger: ledger)
        // teeth3ds carries stage 0 only: strict turns that loss into a refusal.
        let out = folder.appendingPathComponent("t.zip")
        await #expect(throws: GatewayError.self) {
            try await GatedExport.run(plan, vendor: "teeth3ds", to: out, options: ExportOptions(strict: true), registry: registry, ledger: ledger)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let exports = try ledger.history(caseID: plan.metadata.caseID).events.compactMap { e -> ExportRecord? in
            if case let .export(x) = e { return x } else { return nil }
        }
        #expect(exports.map(\.status) == [.failed])
        #expect(try ledger.auditEntries().map(\.kind) == ["approval"])
    }

    @Test func writeErrorsNameTheTargetNotTheStagingFile() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        let nowhere = folder.appendingPathComponent("missing-folder").appendingPathComponent("case.zip")
        await #expect {
            try await GatedExport.run(plan, vendor: "generic-stl", to: nowhere, allowUnapproved: true, registry: registry, ledger: ledger)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(nowhere.path) && !text.contains(".aligngate-")
        }
        let out = folder.appendingPathComponent("case.zip")
        _ = try await GatedExport.run(plan, vendor: "generic-stl", to: out, allowUnapproved: true, registry: registry, ledger: ledger)
        let written = try Data(contentsOf: out)
        await #expect {
            try await GatedExport.run(plan, vendor: "print-3mf", to: out, allowUnapproved: true, registry: registry, ledger: ledger)
        } throws: { error in String(describing: error).contains(out.path) }
        #expect(try Data(contentsOf: out) == written)
        #expect(try ledger.auditEntries().map(\.kind) == ["export"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func intakeIsIdempotentPerArchiveAndProfile() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        let out = folder.appendingPathComponent("case.zip")
        _ = try await GatedExport.run(plan, vendor: "generic-stl", to: out, allowUnapproved: true, registry: registry, ledger: ledger)
        guard case let .recorded(outcome, first) = try await RecordedIntake.run(out, registry: registry, target: "print-3mf", ledger: ledger) else {
            Issue.record("the first intake must be recorded"); return
        }
        #expect(outcome.vendor == "generic-stl" && first.accepted == outcome.isAccepted)
        guard case let .alreadyRecorded(again) = try await RecordedIntake.run(out, registry: registry, target: "print-3mf", ledger: ledger) else {
            Issue.record("the same archive and profile must return the recorded intake"); return
        }
        #expect(again == first)
        // Another profile is another intake.
        guard case .recorded = try await RecordedIntake.run(out, registry: registry, ledger: ledger) else {
            Issue.record("another profile is a new intake"); return
        }
        #expect(try ledger.auditEntries().map(\.kind) == ["export", "intake", "intake"])
    }

    @Test func convertNeedsAnApprovalOfThePlanReadAndRecordsBoth() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let source = folder.appendingPathComponent("in.zip")
        _ = try await GatedExport.run(try Fixture.plan(), vendor: "generic-stl", to: source, allowUnapproved: true,
                                registry: registry, ledger: ledger)
        let out = folder.appendingPathComponent("out.3mf.zip")
        await #expect {
            try await RecordedConvert.run(source, to: "print-3mf", out: out, registry: registry, ledger: ledger)
        } throws: { error in
            if case .unapproved? = error as? GatewayError { return true } else { return false }
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // The doctor approves what the archive holds; then the conversion goes through.
        let read = try Intake.run(source, registry: registry).plan
        _ = try await Approval.approve(read, doctor: "Dr. Ada Moreno", ledger: ledger)
        let (outcome, export) = try await RecordedConvert.run(source, to: "print-3mf", out: out, registry: registry, ledger: ledger)
        #expect(outcome.vendor == "generic-stl" && export.record.status == .complete && export.approval != nil)
        // One intake (the second read found it recorded), one approval, two exports.
        #expect(try ledger.auditEntries().map(\.kind) == ["export", "intake", "approval", "export"])
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test func killedBetweenLinkAndUnlinkTheArchiveIsComplete() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        let revision = try Approval.revision(plan)
        let target = folder.appendingPathComponent("case.zip")
        let staging = folder.appendingPathComponent(".aligngate-x-case.zip")
        let row = try ledger.beginExport(
            ExportRecord(planHash: revision.hash, caseID: revision.caseID, vendor: "generic-stl", options: "{}",
                         path: target.path, staging: staging.path, approvalID: nil, unapproved: true,
                         ownerHost: ExportRecovery.host, ownerPID: try Fixture.deadPID(), startedAt: LedgerTime.now()),
            revision: revision)
        let id = try #require(row.id)
        try Data("the finished archive".utf8).write(to: staging)
        try ledger.stageExport(id, sha256: try FileDigest.sha256(staging), bytes: 20, findings: "[]")
        // `link` done, `unlink` not: both names on the same archive.
        #expect(link(staging.path, target.path) == 0)

        let settled = try await ExportRecovery.reconcile(ledger)
        #expect(settled.map(\.id) == [id])
        #expect(try ledger.export(id)?.status == .complete)
        #expect(!FileManager.default.fileExists(atPath: staging.path))
        #expect(try Data(contentsOf: target) == Data("the finished archive".utf8))
        #expect(try ledger.auditEntries().map(\.kind) == ["export"])
        #expect(try ledger.verifyAudit() == AuditVerification(entries: 1, intact: 1, problem: nil))
    }
}
