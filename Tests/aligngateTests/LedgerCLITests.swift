import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ledger through the CLI: approve → export → history → audit verify, idempotent intake, two processes
/// at once, a process killed mid-export, and damaged files. Every test uses its own temporary ledger.
@Suite(.serialized) struct LedgerCLITests {
    /// A sample plan and a ledger path in a fresh folder.
    func workspace(stages: Int = 3, triangles: Int = 200, seed: Int = 1) throws -> (folder: URL, plan: String, ledger: String) {
        let folder = try CLI.scratch()
        let plan = folder.appendingPathComponent("case.alignplan").path
        let made = try CLI.run("sample", "--out", plan, "--stages", "\(stages)", "--triangles-per-tooth", "\(triangles)", "--seed", "\(seed)")
        #expect(made.status == 0, "\(made.stderr)")
        return (folder, plan, folder.appendingPathComponent("ledger.sqlite").path)
    }

    /// The case id `sample` writes.
    static let caseID = "SAMPLE-1"

    func history(_ ledger: String) throws -> [[String: Any]] {
        let r = try CLI.run("history", Self.caseID, "--json", "--ledger", ledger)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return object?["events"] as? [[String: Any]] ?? []
    }

    func records(_ events: [[String: Any]], _ kind: String) -> [[String: Any]] {
        events.filter { $0["kind"] as? String == kind }.compactMap { $0["record"] as? [String: Any] }
    }

    @Test func approveExportHistoryAuditVerify() throws {
        let (folder, plan, ledger) = try workspace()
        let out = folder.appendingPathComponent("case.zip").path
        let refused = try CLI.run("export", plan, "--vendor", "generic-stl", "--out", out, "--ledger", ledger)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("no approval"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let approved = try CLI.run("approve", plan, "--doctor", "Dr. Ada Moreno", "--note", "as planned", "--ledger", ledger)
        #expect(approved.status == 0, "\(approved.stderr)")
        let exported = try CLI.run("export", plan, "--vendor", "generic-stl", "--out", out, "--ledger", ledger)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("approved by Dr. Ada Moreno"))

        let first = try CLI.run("intake", out, "--for", "print-3mf", "--ledger", ledger)
        #expect(first.status == 0 && first.stdout.contains("recorded as intake #1"), "\(first.stderr)")
        let again = try CLI.run("intake", out, "--for", "print-3mf", "--ledger", ledger)
        #expect(again.status == 0 && again.stdout.contains("already recorded at"), "\(again.stdout)")

        let events = try history(ledger)
        #expect(events.compactMap { $0["kind"] as? String } == ["revision", "approval", "export", "revision", "intake"])
        #expect(records(events, "export").first?["status"] as? String == "complete")
        #expect(records(events, "approval").first?["doctor"] as? String == "Dr. Ada Moreno")

        let verified = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("intact (3 entries)"), "\(verified.stdout)")
    }

    @Test func editedLedgerFileFailsAuditVerifyNamingTheEntry() throws {
        let (_, plan, ledger) = try workspace()
        #expect(try CLI.run("approve", plan, "--doctor", "Dr. Ada Moreno", "--ledger", ledger).status == 0)
        #expect(try CLI.run("approve", plan, "--doctor", "Dr. Bea Lund", "--ledger", ledger).status == 0)
        // Edit the bytes of the file itself, as someone with a hex editor would (SQLite pages carry no checksum).
        var bytes = try Data(contentsOf: URL(fileURLWithPath: ledger))
        let needle = Data("Dr. Bea Lund".utf8), forged = Data("Dr. Bob Lund".utf8)
        var edits = 0
        while let range = bytes.range(of: needle) { bytes.replaceSubrange(range, with: forged); edits += 1 }
        #expect(edits > 0)
        try bytes.write(to: URL(fileURLWithPath: ledger))
        let verified = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("entry 2 was edited"), "\(verified.stdout)")
    }

    /// A bare row written with the sqlite3 tool, as anyone with the file could.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func approvalInsertedWithSQLiteApprovesNothingAndFailsAuditVerify() throws {
        let (folder, plan, ledger) = try workspace()
        let other = folder.appendingPathComponent("other.alignplan").path
        #expect(try CLI.run("sample", "--out", other, "--stages", "3", "--triangles-per-tooth", "200", "--seed", "7").status == 0)
        #expect(try CLI.run("approve", other, "--doctor", "Dr. Ada Moreno", "--ledger", ledger).status == 0)
        // The revision hash of `plan`, as the refused export names it, then a forged approval of it.
        let refused = try CLI.run("export", plan, "--vendor", "generic-stl", "--out", folder.appendingPathComponent("x.zip").path, "--ledger", ledger)
        #expect(refused.status == 1)
        let unapprovedExport = try CLI.run("export", plan, "--vendor", "generic-stl", "--out", folder.appendingPathComponent("u.zip").path,
                                           "--allow-unapproved", "--ledger", ledger)
        #expect(unapprovedExport.status == 0, "\(unapprovedExport.stderr)")
        let sql = "INSERT INTO approval (planHash, caseID, doctor, note, at) SELECT planHash, caseID, 'Dr. Forged', '', startedAt FROM export WHERE id = 1;"
        let forged = try CLI.start(["/usr/bin/sqlite3", ledger, sql]).wait()
        #expect(forged.status == 0, "\(forged.stderr)")

        let out = folder.appendingPathComponent("case.zip").path
        let export = try CLI.run("export", plan, "--vendor", "generic-stl", "--out", out, "--ledger", ledger)
        #expect(export.status == 2)
        #expect(export.stderr.contains("approval #2") && export.stderr.contains("no matching audit entry"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let verified = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("approval #2 has no audit entry"), "\(verified.stdout)")
    }

    @Test func damagedLedgerExitsTwoNamingTheFile() throws {
        let folder = try CLI.scratch()
        let random = folder.appendingPathComponent("random.sqlite")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }).write(to: random)
        let empty = folder.appendingPathComponent("plain.txt")
        try Data("not a database, just text that is long enough to have a header\n".utf8).write(to: empty)
        let absent = folder.appendingPathComponent("absent.sqlite")
        for args in [["history", "C"], ["audit", "verify"]] {
            let r = try CLI.run(args + ["--ledger", absent.path])
            #expect(r.status == 2 && r.stderr.contains("absent.sqlite: no ledger here"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: absent.path))
        for file in [random, empty] {
            for args in [["history", "C"], ["audit", "verify"]] {
                let r = try CLI.run(args + ["--ledger", file.path])
                #expect(r.status == 2, "\(args) \(file.lastPathComponent)")
                #expect(r.stderr.contains(file.lastPathComponent) && r.stderr.contains("not a readable aligngate ledger"), "\(r.stderr)")
            }
        }
    }

    @Test func twoProcessesExportingAndIngestingAtOnceLoseNothing() throws {
        let (folder, plan, ledger) = try workspace()
        #expect(try CLI.run("approve", plan, "--doctor", "Dr. Ada Moreno", "--ledger", ledger).status == 0)
        // Four distinct archives to ingest, made beforehand with another ledger.
        let prep = folder.appendingPathComponent("prep.sqlite").path
        var archives: [String] = []
        for seed in 1...4 {
            let other = folder.appendingPathComponent("other-\(seed).alignplan").path
            #expect(try CLI.run("sample", "--out", other, "--stages", "3", "--triangles-per-tooth", "200", "--seed", "\(seed + 10)").status == 0)
            let archive = folder.appendingPathComponent("in-\(seed).zip").path
            #expect(try CLI.run("export", other, "--vendor", "generic-stl", "--out", archive, "--allow-unapproved", "--ledger", prep).status == 0)
            archives.append(archive)
        }
        let exporter = try CLI.start(["/bin/sh", "-c", """
            for v in generic-stl print-3mf dicom-stl teeth3ds; do "$0" export "\(plan)" --vendor $v --out "\(folder.path)/out-$v.zip" --ledger "\(ledger)" || exit 1; done
            """])
        let ingester = try CLI.start(["/bin/sh", "-c", """
            for a in \(archives.map { "\"\($0)\"" }.joined(separator: " ")); do "$0" intake "$a" --ledger "\(ledger)" || exit 1; done
            """])
        let (exportStatus, ingestStatus) = (exporter.wait(), ingester.wait())
        #expect(exportStatus.status == 0, "\(exportStatus.stderr)")
        #expect(ingestStatus.status == 0, "\(ingestStatus.stderr)")

        let exports = records(try history(ledger), "export")
        #expect(exports.count == 4 && exports.allSatisfy { $0["status"] as? String == "complete" })
        let intakes = try archives.map { try CLI.run("intake", $0, "--ledger", ledger) }
        #expect(intakes.allSatisfy { $0.stdout.contains("already recorded at") })
        let verified = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("intact (9 entries)"), "1 approval + 4 exports + 4 intakes: \(verified.stdout)")
    }

    @Test func killedExportLeavesNoArchiveAndAConsistentLedger() throws {
        let (folder, plan, ledger) = try workspace(stages: 20, triangles: 1500)
        #expect(try CLI.run("approve", plan, "--doctor", "Dr. Ada Moreno", "--ledger", ledger).status == 0)
        let target = folder.appendingPathComponent("out").appendingPathComponent("case.zip")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let child = try CLI.start([try CLI.executable.path, "export", plan, "--vendor", "generic-stl", "--out", target.path, "--ledger", ledger])
        // Kill it as soon as the hidden temporary archive appears beside the target.
        var sawTemporary = false
        for _ in 0..<6000 where !sawTemporary {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)) ?? []
            sawTemporary = names.contains { $0.hasPrefix(".") }
            if !sawTemporary { usleep(5_000) }
        }
        #expect(sawTemporary)
        let targetAtKill = FileManager.default.fileExists(atPath: target.path)
        kill(child.process.processIdentifier, SIGKILL)
        let ended = child.wait()
        #expect(ended.process.terminationReason == .uncaughtSignal)

        // The next command settles the dead process's pending export.
        let exports = records(try history(ledger), "export")
        #expect(exports.count == 1)
        let status = exports.first?["status"] as? String
        if targetAtKill {
            #expect(status == "complete")
        } else {
            #expect(!FileManager.default.fileExists(atPath: target.path))
            #expect(status == "abandoned")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)
        #expect(leftovers.allSatisfy { !$0.hasPrefix(".") }, "temporary files left: \(leftovers)")
        let verified = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(verified.status == 0, "\(verified.stdout)")
        // The ledger stays usable: the export goes through on a second try.
        #expect(try CLI.run("export", plan, "--vendor", "generic-stl", "--out", target.path, "--force", "--ledger", ledger).status == 0)
        #expect(records(try history(ledger), "export").last?["status"] as? String == "complete")
    }
}

extension CLI {
    /// A child process running in the background, its output collected on other threads.
    final class Child: @unchecked Sendable {
        let process: Process
        private let out = Pipe(), err = Pipe()
        private var stdout = Data(), stderr = Data()
        private let group = DispatchGroup()

        init(_ arguments: [String]) throws {
            process = Process()
            let executable = arguments[0].hasPrefix("/") ? arguments[0] : try CLI.executable.path
            process.executableURL = URL(fileURLWithPath: executable)
            // For `sh -c SCRIPT`, $0 is the aligngate executable.
            process.arguments = executable == "/bin/sh" ? Array(arguments.dropFirst()) + [try CLI.executable.path] : Array(arguments.dropFirst())
            process.standardOutput = out
            process.standardError = err
            try process.run()
            for (pipe, isOut) in [(out, true), (err, false)] {
                group.enter()
                DispatchQueue.global().async { [self] in
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    if isOut { stdout = data } else { stderr = data }
                    group.leave()
                }
            }
        }

        /// Waits for the end; returns the exit status and output.
        func wait() -> (process: Process, status: Int32, stderr: String) {
            group.wait()
            process.waitUntilExit()
            return (process, process.terminationStatus, String(decoding: stderr, as: UTF8.self))
        }
    }

    static func start(_ arguments: [String]) throws -> Child { try Child(arguments) }
}
