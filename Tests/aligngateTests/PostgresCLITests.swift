import Foundation
import Testing

/// The commands that take `--ledger postgres://…`, against a real server (`ALIGNGATE_TEST_POSTGRES_URL`, as
/// PostgresStoreTests): approve → history → audit verify, keys audited, and a clear refusal where a command
/// records in the SQLite ledger only.
@Suite(.serialized) struct PostgresCLITests {
    /// A fresh, empty database beside the one the URL names (dropped and created with psql), or nil.
    static func database(_ name: String) throws -> String? {
        guard let url = ProcessInfo.processInfo.environment["ALIGNGATE_TEST_POSTGRES_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but ALIGNGATE_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL for these tests")
            }
            print("PostgresCLITests: ALIGNGATE_TEST_POSTGRES_URL is not set; the CLI on PostgreSQL was NOT tested")
            return nil
        }
        for sql in ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "CREATE DATABASE \(name)"] {
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            psql.arguments = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
            try psql.run()
            psql.waitUntilExit()
            #expect(psql.terminationStatus == 0, "psql \(sql)")
        }
        return url.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/\(name)"
    }

    @Test func approveHistoryAndAuditVerifyOnPostgres() throws {
        guard let ledger = try Self.database("aligngate_cli") else { return }
        let folder = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("case.alignplan").path
        #expect(try CLI.run("sample", "--out", plan, "--stages", "3", "--triangles-per-tooth", "200").status == 0)

        let key = try CLI.run("keys", "create", "--client", "lab-a", "--ledger", ledger)
        #expect(key.status == 0, "\(key.stderr)")
        let approved = try CLI.run("approve", plan, "--doctor", "Dr. Ortho", "--note", "as planned", "--ledger", ledger)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("approved case SAMPLE-1"))

        let history = try CLI.run("history", "SAMPLE-1", "--json", "--ledger", ledger)
        #expect(history.status == 0, "\(history.stderr)")
        let events = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["events"] as? [[String: Any]] ?? []
        #expect(events.compactMap { $0["kind"] as? String } == ["revision", "approval"])
        let approval = events.last?["record"] as? [String: Any]
        #expect(approval?["doctor"] as? String == "Dr. Ortho")

        // The approval and the key's creation are on the chain.
        let verify = try CLI.run("audit", "verify", "--json", "--ledger", ledger)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])?["entries"] as? Int == 2)

        // A case the database does not know: exit 1, as on SQLite.
        #expect(try CLI.run("history", "NO-SUCH-CASE", "--ledger", ledger).status == 1)
        // Export records in the SQLite ledger only: refused with the reason, nothing written.
        let out = folder.appendingPathComponent("case.zip").path
        let export = try CLI.run("export", plan, "--vendor", "generic-stl", "--out", out, "--ledger", ledger)
        #expect(export.status == 2)
        #expect(export.stderr.contains("SQLite ledger only"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
