import Foundation
import GRDB
import Ledger
import Testing

/// The audit chain: intact after normal use; every kind of tampering with the SQLite file is detected and named.
@Suite struct AuditChainTests {
    /// A ledger with five audit entries (approvals), closed, plus a raw connection to tamper with it.
    func tamperable() throws -> (file: URL, raw: DatabaseQueue) {
        let folder = try Fixture.folder()
        let file = folder.appendingPathComponent("ledger.sqlite")
        let ledger = try Ledger.open(file)
        for i in 1...5 {
            _ = try ledger.approve(RevisionInfo(hash: String(repeating: "\(i)", count: 64), caseID: "C-\(i)", summary: "s"),
                                   doctor: "Dr. \(i)", note: "note \(i)")
        }
        #expect(try ledger.verifyAudit() == AuditVerification(entries: 5, intact: 5, problem: nil))
        return (file, try DatabaseQueue(path: file.path))
    }

    func verify(_ file: URL) throws -> AuditVerification.Problem? { try Ledger.open(file).verifyAudit().problem }

    @Test func editedPayloadIsNamed() throws {
        let (file, raw) = try tamperable()
        try raw.write { try $0.execute(sql: "UPDATE audit SET payload = replace(payload, 'Dr. 3', 'Dr. X') WHERE seq = 3") }
        #expect(try verify(file) == .edited(seq: 3))
    }

    @Test func editedTimeIsNamed() throws {
        let (file, raw) = try tamperable()
        try raw.write { try $0.execute(sql: "UPDATE audit SET at = '2000-01-01T00:00:00.000Z' WHERE seq = 2") }
        #expect(try verify(file) == .edited(seq: 2))
    }

    @Test func editWithARecomputedHashIsCaughtByTheNextLink() throws {
        let (file, raw) = try tamperable()
        try raw.write { db in
            var entry = try #require(try AuditEntry.fetchOne(db, key: 2))
            entry.payload = entry.payload.replacingOccurrences(of: "Dr. 2", with: "Dr. Y")
            entry.hash = entry.computedHash()
            try entry.update(db)
        }
        #expect(try verify(file) == .edited(seq: 2))
    }

    @Test func deletedEntryIsNamed() throws {
        let (file, raw) = try tamperable()
        try raw.write { try $0.execute(sql: "DELETE FROM audit WHERE seq = 4") }
        #expect(try verify(file) == .missing(from: 4, to: 4))
    }

    @Test func deletedLastEntryIsNamedFromTheHead() throws {
        let (file, raw) = try tamperable()
        try raw.write { try $0.execute(sql: "DELETE FROM audit WHERE seq = 5") }
        #expect(try verify(file) == .missing(from: 5, to: 5))
    }

    @Test func swappedEntriesAreNamed() throws {
        let (file, raw) = try tamperable()
        try raw.write { db in
            try db.execute(sql: "UPDATE audit SET seq = -seq WHERE seq IN (2, 3)")
            try db.execute(sql: "UPDATE audit SET seq = 3 WHERE seq = -2")
            try db.execute(sql: "UPDATE audit SET seq = 2 WHERE seq = -3")
        }
        #expect(try verify(file) == .outOfOrder(seq: 2, writtenAs: 3))
    }

    @Test func anEntryAddedBeyondTheHeadIsNamed() throws {
        let (file, raw) = try tamperable()
        try raw.write { db in
            var last = try #require(try AuditEntry.fetchOne(db, key: 5))
            var extra = AuditEntry(seq: 6, kind: "approval", payload: "{}", at: last.at, previousHash: last.hash, hash: "")
            extra.hash = extra.computedHash()
            try extra.insert(db)
            last = extra
        }
        #expect(try verify(file) == .unexpected(seq: 6))
    }

    @Test func checkIsPureAndReportsTheFirstBreakOnly() throws {
        let (file, _) = try tamperable()
        var entries = try Ledger.open(file).auditEntries()
        entries[1].kind = "export"
        entries[3].payload = "{}"
        let result = AuditVerification.check(entries, head: nil)
        #expect(result.problem == .edited(seq: 2))
        #expect(result.intact == 1)
    }
}
