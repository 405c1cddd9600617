import Foundation
import Testing

/// `aligngate report` and `approve --report` through the CLI: the report is written and stamped, the approval
/// records it, `history` shows it, a report of another revision is refused, `--pdf` without Chromium names it.
@Suite(.serialized) struct ReportCLITests {
    func workspace(seed: Int = 1) throws -> (folder: URL, plan: String, ledger: String) {
        let folder = try CLI.scratch()
        let plan = folder.appendingPathComponent("case.alignplan").path
        let made = try CLI.run("sample", "--out", plan, "--stages", "3", "--triangles-per-tooth", "200", "--seed", "\(seed)")
        #expect(made.status == 0, "\(made.stderr)")
        return (folder, plan, folder.appendingPathComponent("ledger.sqlite").path)
    }

    @Test func reportApproveHistory() throws {
        let (folder, plan, ledger) = try workspace()
        let report = folder.appendingPathComponent("report.html").path
        let made = try CLI.run("report", plan, "--out", report, "--for", "ref-segmented", "--start", "2025-03-03", "--ledger", ledger)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("NOT approved"))
        // The report command never creates a ledger.
        #expect(!FileManager.default.fileExists(atPath: ledger))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<meta name=\"aligngate-plan-revision\" content=\""))
        #expect(html.contains("Reference segmented system") && !html.contains("data-system=\"generic-stl\""))

        let approved = try CLI.run("approve", plan, "--doctor", "Dr. Ada Moreno", "--report", report, "--ledger", ledger)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("with the review report report.html (sha256 "))
        let history = try CLI.run("history", "SAMPLE-1", "--ledger", ledger)
        #expect(history.stdout.contains("saw the review report report.html (sha256 "), "\(history.stdout)")
        let audit = try CLI.run("audit", "verify", "--ledger", ledger)
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")

        let again = try CLI.run("report", plan, "--out", report, "--ledger", ledger)
        #expect(again.stdout.contains("approved by Dr. Ada Moreno"), "\(again.stdout)")
    }

    @Test func aReportOfAnotherRevisionIsRefusedAtApproval() throws {
        let (folder, plan, ledger) = try workspace()
        let report = folder.appendingPathComponent("report.html").path
        #expect(try CLI.run("report", plan, "--out", report, "--ledger", ledger).status == 0)
        let (_, other, _) = try workspace(seed: 2)
        let refused = try CLI.run("approve", other, "--doctor", "Dr. Ada Moreno", "--report", report, "--ledger", ledger)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("this report was made from plan revision"), "\(refused.stderr)")
        let notes = folder.appendingPathComponent("notes.txt")
        try Data("approved".utf8).write(to: notes)
        let garbage = try CLI.run("approve", plan, "--doctor", "Dr. Ada Moreno", "--report", notes.path, "--ledger", ledger)
        #expect(garbage.status == 2 && garbage.stderr.contains("not an aligngate review report"))
        let history = try CLI.run("history", "SAMPLE-1", "--ledger", ledger)
        #expect(!history.stdout.contains("approval "))
    }

    @Test func pdfWithoutChromiumNamesTheProgram() throws {
        let (folder, plan, ledger) = try workspace()
        let process = Process()
        process.executableURL = try CLI.executable
        process.arguments = ["report", plan, "--out", folder.appendingPathComponent("r.html").path,
                             "--pdf", folder.appendingPathComponent("r.pdf").path, "--ledger", ledger]
        process.environment = ["PATH": folder.path, "HOME": folder.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(stderr.contains("chromium is not installed"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.pdf").path))
    }

    @Test func badStartDateIsBadUsage() throws {
        let (folder, plan, _) = try workspace()
        let r = try CLI.run("report", plan, "--out", folder.appendingPathComponent("r.html").path, "--start", "03/03/2025")
        #expect(r.status == 2 && r.stderr.contains("YYYY-MM-DD"))
    }

    @Test func demoWritesTheReportBesideItsArchivesAndBindsItsApproval() throws {
        let folder = try CLI.scratch().appendingPathComponent("demo")
        let demo = try CLI.run("demo", "--out", folder.path, "--stages", "3", "--triangles-per-tooth", "200")
        #expect(demo.status == 0, "\(demo.stdout)\(demo.stderr)")
        let report = folder.appendingPathComponent("report.html")
        #expect(FileManager.default.fileExists(atPath: report.path))
        #expect(demo.stdout.contains("Review report \(report.path)"))
        let history = try CLI.run("history", "SAMPLE-1", "--ledger", folder.appendingPathComponent("ledger.sqlite").path)
        #expect(history.stdout.contains("saw the review report report.html"))
    }
}
