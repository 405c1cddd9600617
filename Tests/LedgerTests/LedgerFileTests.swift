import Foundation
import GRDB
import Ledger
import Testing

/// A damaged, foreign or newer database file gives a typed error naming the file, never a crash.
@Suite struct LedgerFileTests {
    func reason(opening file: URL) -> LedgerError.Reason? {
        do {
            _ = try Ledger.open(file)
            return nil
        } catch {
            #expect(error.file == file.standardizedFileURL.path)
            #expect(error.description.contains(file.lastPathComponent))
            return error.reason
        }
    }

    @Test func randomBytesAreDamaged() throws {
        let file = try Fixture.folder().appendingPathComponent("random.sqlite")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: file)
        guard case .damaged? = reason(opening: file) else { Issue.record("random bytes must be reported damaged"); return }
    }

    @Test func truncatedLedgerIsDamaged() throws {
        let folder = try Fixture.folder()
        let file = folder.appendingPathComponent("ledger.sqlite")
        let ledger = try Ledger.open(file)
        for i in 0..<50 {
            _ = try ledger.approve(RevisionInfo(hash: "\(i)", caseID: "C", summary: String(repeating: "x", count: 500)), doctor: "Dr. A", note: "")
        }
        let bytes = try Data(contentsOf: file)
        let truncated = folder.appendingPathComponent("truncated.sqlite")
        try bytes.prefix(bytes.count / 3).write(to: truncated)
        guard case .damaged? = reason(opening: truncated) else { Issue.record("a truncated ledger must be reported damaged"); return }
    }

    @Test func anotherApplicationsDatabaseIsForeignAndLeftUnchanged() throws {
        let file = try Fixture.folder().appendingPathComponent("other.sqlite")
        let other = try DatabaseQueue(path: file.path)
        try other.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')") }
        try other.close()
        let before = try Data(contentsOf: file)
        #expect(reason(opening: file) == .foreign)
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func newerSchemaIsRefused() throws {
        let file = try Fixture.folder().appendingPathComponent("ledger.sqlite")
        #expect(try Ledger.open(file).schemaVersion() == 2)
        let raw = try DatabaseQueue(path: file.path)
        try raw.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        try raw.close()
        #expect(reason(opening: file) == .newerSchema(found: 99, known: 2))
    }

    @Test func locationPrefersOptionThenEnvironmentThenDefault() {
        #expect(Ledger.location("a.sqlite", environment: ["ALIGNGATE_LEDGER": "b.sqlite"]).lastPathComponent == "a.sqlite")
        #expect(Ledger.location(nil, environment: ["ALIGNGATE_LEDGER": "b.sqlite"]).lastPathComponent == "b.sqlite")
        #expect(Ledger.location(nil, environment: [:]).path.hasSuffix(".aligngate/ledger.sqlite"))
    }
}
