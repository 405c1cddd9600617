import Foundation
import Testing

/// The commands on `--ledger postgres://…`, against a real server (`ALIGNGATE_TEST_POSTGRES_URL`, as
/// PostgresStoreTests): approve → history → audit verify, keys audited, and every command that records
/// (report, approve, export, intake, convert, restage) on the shared ledger, its history and audit chain.
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
    }

    @Test func everyCommandThatRecordsRecordsOnPostgres() throws {
        guard let ledger = try Self.database("aligngate_cli_flow") else { return }
        // How the CLI names the server in messages: the URL without its password, with its port.
        let parts = try #require(URLComponents(string: ledger))
        let location = "postgres://\(parts.user ?? "")@\(parts.host ?? ""):\(parts.port ?? 5432)\(parts.path)"
        let folder = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        #expect(try CLI.run("sample", "--out", path("case.alignplan"), "--stages", "3", "--triangles-per-tooth", "200").status == 0)

        // The review report reads the approval state from the server (none yet), and the approval binds it.
        let report = try CLI.run("report", path("case.alignplan"), "--out", path("review.html"), "--for", "generic-stl", "--ledger", ledger)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("NOT approved: the ledger \(location) holds no approval of this revision"), "\(report.stdout)")
        let unapproved = try CLI.run("export", path("case.alignplan"), "--vendor", "generic-stl", "--out", path("case.zip"), "--ledger", ledger)
        #expect(unapproved.status == 1 && unapproved.stderr.contains("has no approval"), "\(unapproved.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("case.zip")))
        let approved = try CLI.run("approve", path("case.alignplan"), "--doctor", "Dr. Ortho", "--report", path("review.html"), "--ledger", ledger)
        #expect(approved.status == 0, "\(approved.stderr)")
        let reviewed = try CLI.run("report", path("case.alignplan"), "--out", path("after.html"), "--for", "generic-stl", "--ledger", ledger)
        #expect(reviewed.stdout.contains("approved by Dr. Ortho"), "\(reviewed.stdout)")

        let export = try CLI.run("export", path("case.alignplan"), "--vendor", "generic-stl", "--out", path("case.zip"), "--ledger", ledger)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("approved by Dr. Ortho") && export.stdout.contains("recorded as export #1"), "\(export.stdout)")
        let intake = try CLI.run("intake", path("case.zip"), "--for", "print-3mf", "--ledger", ledger)
        #expect(intake.stdout.contains("recorded as intake #1"), "\(intake.stdout)\(intake.stderr)")
        let again = try CLI.run("intake", path("case.zip"), "--for", "print-3mf", "--ledger", ledger)
        #expect(again.status == intake.status && again.stdout.contains("already recorded at"), "\(again.stdout)")

        // Convert exports what the archive holds: approved as such, then converted (its intake recorded too).
        #expect(try CLI.run("approve", path("case.zip"), "--doctor", "Dr. Ortho", "--ledger", ledger).status == 0)
        let convert = try CLI.run("convert", path("case.zip"), "--to", "print-3mf", "--out", path("case.3mf.zip"), "--ledger", ledger)
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stdout.contains("recorded as export #2"), "\(convert.stdout)")
        let restage = try CLI.run("restage", path("case.alignplan"), "--for", "ref-segmented", "--out", path("restaged.alignplan"), "--ledger", ledger)
        #expect(restage.status == 0, "\(restage.stderr)")
        #expect(restage.stdout.contains("recorded as derivation #1 in \(location)"), "\(restage.stdout)")

        let history = try CLI.run("history", "SAMPLE-1", "--json", "--ledger", ledger)
        #expect(history.status == 0, "\(history.stderr)")
        let events = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["events"] as? [[String: Any]] ?? []
        let kinds = events.compactMap { $0["kind"] as? String }
        #expect(["approval", "export", "intake", "derivation"].map { kind in kinds.filter { $0 == kind }.count } == [2, 2, 2, 1], "\(kinds)")
        let exports = events.filter { $0["kind"] as? String == "export" }.compactMap { $0["record"] as? [String: Any] }
        #expect(exports.map { $0["status"] as? String } == ["complete", "complete"])
        let text = try CLI.run("history", "SAMPLE-1", "--ledger", ledger)
        #expect(text.stdout.contains("derived ") && text.stdout.contains("restaged for ref-segmented"), "\(text.stdout)")

        // Two approvals, two exports, two intakes (the convert's has no target), one derivation: all on the chain.
        let verify = try CLI.run("audit", "verify", "--json", "--ledger", ledger)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])?["entries"] as? Int == 7)
        let plain = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(plain.stdout == "\(location): audit chain intact (7 entries)\n")
    }
}
