import Foundation
import Gateway
import GRDB
import Ledger
import Testing
import VendorKit

/// The rows against the chain: a row written, edited or deleted beside the audit log is caught by
/// `verifyAudit`, and the export gate does not trust an approval the chain does not cover.
@Suite struct AuditRecordTests {
    let registry: Registry
    init() throws { registry = try Registry.standard() }

    /// A ledger with an approval, an export and an intake (entries 1, 2, 3), and a raw connection to tamper with it.
    func populated() async throws -> (folder: URL, file: URL, raw: DatabaseQueue) {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        _ = try await Approval.approve(plan, doctor: "Dr. Ada Moreno", ledger: ledger)
        let out = folder.appendingPathComponent("case.zip")
        _ = try await GatedExport.run(plan, vendor: "generic-stl", to: out, registry: registry, ledger: ledger)
        _ = try await RecordedIntake.run(out, registry: registry, ledger: ledger)
        #expect(try ledger.auditEntries().map(\.kind) == ["approval", "export", "intake"])
        #expect(try ledger.verifyAudit() == AuditVerification(entries: 3, intact: 3, problem: nil))
        let file = folder.appendingPathComponent("ledger.sqlite")
        return (folder, file, try DatabaseQueue(path: file.path))
    }

    func problem(_ file: URL) throws -> AuditVerification.Problem? { try Ledger.open(file).verifyAudit().problem }

    @Test func aBareInsertedApprovalIsNamedByVerifyAndApprovesNothing() async throws {
        let folder = try Fixture.folder()
        let file = folder.appendingPathComponent("ledger.sqlite")
        let plan = try Fixture.plan()
        let revision = try Approval.revision(plan)
        // A genuine, audited approval of another revision, so the chain is not empty.
        _ = try Ledger.open(file).approve(RevisionInfo(hash: String(repeating: "a", count: 64), caseID: "OTHER", summary: "s"),
                                          doctor: "Dr. A", note: "")
        let raw = try DatabaseQueue(path: file.path)
        try await raw.write { db in
            try db.execute(sql: "INSERT INTO planRevision (hash, caseID, firstSeen, summary) VALUES (?, ?, '2026-01-01T00:00:00.000Z', 's')",
                           arguments: [revision.hash, revision.caseID])
            try db.execute(sql: "INSERT INTO approval (planHash, caseID, doctor, note, at) VALUES (?, ?, 'Dr. Forged', '', '2026-01-01T00:00:00.000Z')",
                           arguments: [revision.hash, revision.caseID])
        }
        #expect(try problem(file) == .unaudited(kind: "approval", id: 2))
        let ledger = try Ledger.open(file)
        let out = folder.appendingPathComponent("case.zip")
        await #expect {
            try await GatedExport.run(plan, vendor: "generic-stl", to: out, registry: registry, ledger: ledger)
        } throws: { error in
            guard case let .ledger(ledgerError)? = error as? GatewayError,
                  case .unauditedApproval(id: 2, planHash: revision.hash) = ledgerError.reason else { return false }
            return ledgerError.description.contains(file.lastPathComponent)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try ledger.auditEntries().map(\.kind) == ["approval"])
    }

    @Test func anEditedExportHashIsNamed() async throws {
        let (_, file, raw) = try await populated()
        try await raw.write { try $0.execute(sql: "UPDATE export SET sha256 = ? WHERE id = 1", arguments: [String(repeating: "0", count: 64)]) }
        #expect(try problem(file) == .differs(kind: "export", id: 1, seq: 2))
    }

    @Test func anEditedIntakeVerdictIsNamed() async throws {
        let (_, file, raw) = try await populated()
        try await raw.write { try $0.execute(sql: "UPDATE intake SET verdict = 'forged', accepted = 1 WHERE id = 1") }
        #expect(try problem(file) == .differs(kind: "intake", id: 1, seq: 3))
    }

    @Test func anEditedApprovalDoctorIsNamed() async throws {
        let (_, file, raw) = try await populated()
        try await raw.write { try $0.execute(sql: "UPDATE approval SET doctor = 'Dr. Else' WHERE id = 1") }
        #expect(try problem(file) == .differs(kind: "approval", id: 1, seq: 1))
    }

    @Test func aDeletedRowIsNamedByItsEntry() async throws {
        let (_, file, raw) = try await populated()
        try await raw.write { try $0.execute(sql: "DELETE FROM intake WHERE id = 1") }
        #expect(try problem(file) == .orphan(seq: 3, kind: "intake", id: 1))
    }

    @Test func aCompleteExportInsertedBesideTheChainIsNamed() async throws {
        let (_, file, raw) = try await populated()
        try await raw.write { db in
            try db.execute(sql: """
                INSERT INTO export (planHash, caseID, vendor, options, path, staging, approvalID, unapproved, status, sha256, bytes,
                                    ownerHost, ownerPID, startedAt)
                SELECT planHash, caseID, vendor, options, path || '.copy', staging, approvalID, unapproved, 'complete', sha256, bytes,
                       ownerHost, ownerPID, startedAt FROM export WHERE id = 1
                """)
        }
        #expect(try problem(file) == .unaudited(kind: "export", id: 2))
    }

    @Test func theCrossCheckIsPureAndNamesTheFirstMismatch() {
        func entry(_ seq: Int, _ kind: String, _ payload: String) -> AuditEntry {
            AuditEntry(seq: seq, kind: kind, payload: payload, at: "t", previousHash: "", hash: "")
        }
        let entries = [entry(1, "approval", #"{"approval":1}"#), entry(2, "approval", #"{"approval":1}"#)]
        let one = AuditVerification.Record(kind: "approval", id: 1, payload: #"{"approval":1}"#)
        #expect(AuditVerification.crossCheck(Array(entries.prefix(1)), records: [one]) == nil)
        #expect(AuditVerification.crossCheck(entries, records: [one]) == .auditedTwice(kind: "approval", id: 1, seqs: [1, 2]))
        #expect(AuditVerification.crossCheck([entry(1, "approval", "{}")], records: [one]) == .orphan(seq: 1, kind: "approval", id: nil))
        // A pending export needs no entry, but an entry that records it complete differs from it.
        let pending = AuditVerification.Record(kind: "export", id: 4, payload: #"{"export":4,"status":"pending"}"#, needsEntry: false)
        #expect(AuditVerification.crossCheck([], records: [pending]) == nil)
        #expect(AuditVerification.crossCheck([entry(1, "export", #"{"export":4,"status":"complete"}"#)], records: [pending])
                == .differs(kind: "export", id: 4, seq: 1))
    }

    @Test func intakeSettlesADeadProcessesPendingExport() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let plan = try Fixture.plan()
        let archive = folder.appendingPathComponent("in.zip")
        _ = try await GatedExport.run(plan, vendor: "generic-stl", to: archive, allowUnapproved: true, registry: registry, ledger: ledger)
        let revision = try Approval.revision(plan)
        let left = try ledger.beginExport(
            ExportRecord(planHash: revision.hash, caseID: revision.caseID, vendor: "generic-stl", options: "{}",
                         path: folder.appendingPathComponent("never.zip").path,
                         staging: folder.appendingPathComponent(".aligngate-x-never.zip").path, approvalID: nil, unapproved: true,
                         ownerHost: ExportRecovery.host, ownerPID: try Fixture.deadPID(), startedAt: LedgerTime.now()),
            revision: revision)
        _ = try await RecordedIntake.run(archive, registry: registry, ledger: ledger)
        #expect(try ledger.export(try #require(left.id))?.status == .abandoned)
    }

    @Test func anArchiveChangedAfterHashingIsRefused() throws {
        let folder = try Fixture.folder()
        let file = folder.appendingPathComponent("a.zip")
        try Data("first".utf8).write(to: file)
        let identity = try ArchiveIdentity(file)
        try identity.ensureUnchanged()
        // Replaced by another file of the same size (a new inode), as a copy-and-rename would.
        let other = folder.appendingPathComponent("b.zip")
        try Data("other".utf8).write(to: other)
        #expect(rename(other.path, file.path) == 0)
        #expect { try identity.ensureUnchanged() } throws: { error in
            String(describing: error).contains("a.zip") && String(describing: error).contains("changed while it was read")
        }
        // Rewritten in place: same inode and size, a new modification time.
        let again = try ArchiveIdentity(file)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data("x".utf8))
        try handle.close()
        var times = [timespec(tv_sec: 1, tv_nsec: 0), timespec(tv_sec: 1, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
        #expect(throws: GatewayError.self) { try again.ensureUnchanged() }
        // A file changed inside a folder input.
        let plan = folder.appendingPathComponent("p")
        try FileManager.default.createDirectory(at: plan, withIntermediateDirectories: true)
        try Data("1".utf8).write(to: plan.appendingPathComponent("plan.json"))
        let folderIdentity = try ArchiveIdentity(plan)
        try folderIdentity.ensureUnchanged()
        try Data("22".utf8).write(to: plan.appendingPathComponent("plan.json"))
        #expect(throws: GatewayError.self) { try folderIdentity.ensureUnchanged() }
    }
}
