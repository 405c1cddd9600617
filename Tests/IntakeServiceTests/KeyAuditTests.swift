import Foundation
import GRDB
import Ledger
import Testing

/// API keys on the audit chain: creation and revocation are entries, a key written beside the chain is named
/// by `audit verify`, and the keys of an older ledger get their entries when it is migrated.
@Suite struct KeyAuditTests {
    func ledgerFile() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("ledger.sqlite")
    }

    @Test func creationAndRevocationAreAudited() throws {
        let ledger = try Ledger.open(try ledgerFile())
        let (key, record) = try ledger.createAPIKey(client: "lab-a")
        _ = try ledger.revokeAPIKey(record.id)
        _ = try ledger.revokeAPIKey(record.id)  // again: no second entry
        let entries = try ledger.auditEntries()
        #expect(entries.map(\.kind) == ["apiKey", "apiKeyRevocation"])
        #expect(entries.allSatisfy { $0.payload.contains(record.id) && !$0.payload.contains(key) })
        #expect(try ledger.verifyAudit().isIntact)

        // A key inserted beside the chain would let a client in unseen: verify names it.
        try DatabaseQueue(path: ledger.file.path).write {
            try $0.execute(sql: "INSERT INTO apiKey (id, client, sha256, createdAt) VALUES ('0123456789ab', 'mallory', ?, '2027-01-01T00:00:00.000Z')",
                           arguments: [APIKey.hash("agk_0123456789ab_forged")])
        }
        #expect(try ledger.verifyAudit().problem == .unaudited(kind: "apiKey", id: 0x0123_4567_89ab))
    }

    @Test func aLedgerFromBeforeKeyAuditingGetsItsKeysAudited() throws {
        let file = try ledgerFile()
        let live: APIKeyRecord, revoked: APIKeyRecord
        do {
            let old = try Ledger.open(file, schemaVersion: 5)
            let t = Date(timeIntervalSince1970: 1_800_000_000)
            live = try old.createAPIKey(client: "lab-a", now: t).record
            revoked = try old.createAPIKey(client: "lab-b", now: t + 1).record
            _ = try old.revokeAPIKey(revoked.id, now: t + 2)
            // As an older aligngate left it: keys, no entries.
            try DatabaseQueue(path: file.path).write { try $0.execute(sql: "DELETE FROM audit; DELETE FROM auditHead") }
        }
        let ledger = try Ledger.open(file)
        let entries = try ledger.auditEntries()
        #expect(entries.count == 3)
        #expect(entries.filter { $0.kind == "apiKey" }.count == 2 && entries.last?.kind == "apiKeyRevocation")
        #expect(entries.contains { $0.payload.contains(live.id) })
        #expect(try ledger.verifyAudit().isIntact)
    }
}
