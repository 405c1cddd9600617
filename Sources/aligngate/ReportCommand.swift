import ArgumentParser
import Foundation
import Gateway
import Ledger
import PlanModel
import PlanReport

/// `aligngate report`: the doctor's review report, one self-contained HTML file (and a PDF on request).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the doctor's review report of a plan: one self-contained HTML file (optionally printed to PDF).",
        discussion: "The report states the plan revision it was made from; `aligngate approve PLAN --doctor NAME --report FILE` binds the approval to it. The approval state comes from the ledger (never created by this command). Exit 2: unreadable plan, unknown vendor, unwritable output, or --pdf without Chromium.")

    @Argument(help: "A .alignplan package (folder or zip) or a vendor archive.")
    var plan: String

    @Option(help: "The HTML file to write.")
    var out: String

    @Option(name: .customLong("for"), help: "A system to check against (matrix and heat map); repeat for several (default: every exporting adapter).")
    var vendors: [String] = []

    @Option(help: "Also print the report to this PDF through headless Chromium.")
    var pdf: String?

    @Option(help: "The day aligner 1 starts (YYYY-MM-DD), for visit dates.")
    var start: String?

    @OptionGroup var source: PlanSourceOptions

    @OptionGroup var ledger: LedgerOption

    func run() throws {
        var startDate: Date?
        if let start {
            guard let day = try? Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().parse(start) else {
                throw ValidationError("--start '\(start)' is not a date written YYYY-MM-DD")
            }
            startDate = day
        }
        let output = URL(fileURLWithPath: out)
        let file = LedgerOption.postgresURL(ledger.path) == nil ? Ledger.location(ledger.path) : nil
        let request = ReviewReport.Request(source: URL(fileURLWithPath: plan), vendors: vendors, archiveVendor: source.vendor,
                                           password: source.password, start: startDate, ledger: file)
        let pdf = self.pdf
        let written = try ledger.withExistingStore { store in
            if pdf != nil { _ = try ReportPrinter.requireChromium() }
            var request = request
            request.store = store
            let written = try await ReviewReport.write(request, to: output, registry: try PlanLoading.registry())
            if let pdf { try ReportPrinter.printPDF(output, to: URL(fileURLWithPath: pdf)) }
            return written
        }
        print("wrote \(output.path) (\(SummaryText.number(Double(written.bytes) / 1_048_576, 2)) MB, sha256 \(written.sha256))")
        print("case \(written.caseID), plan revision \(written.revision)")
        switch written.approval {
        case let .approved(doctor, at, id, _, report):
            print("approved by \(doctor) at \(at) (approval #\(id))" + (report.map { ", who reviewed the report with sha256 \($0)" } ?? ""))
        case let .notApproved(reason): print("NOT approved: \(reason); approve with `aligngate approve \(plan) --doctor NAME --report \(out)`")
        }
        if let pdf { print("printed \(pdf)") }
    }
}
