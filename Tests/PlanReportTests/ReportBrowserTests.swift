import Foundation
import Gateway
import PlanModel
import PlanReport
import Testing

/// The report opened in real headless Chromium: scripts run without errors, nothing is requested, the
/// figures are there, a screenshot is not blank and the PDF has its pages and page headers. Skipped only
/// when Chromium is absent locally; under CI=true its absence fails.
@Suite(.serialized, .enabled(if: Headless.available, "chromium is not installed: browser tests skipped (CI installs it)"))
struct ReportBrowserTests {
    /// Writes `html` to a fresh folder.
    func page(_ html: String) throws -> URL {
        let url = try ReportFixture.folder().appendingPathComponent("report.html")
        try Data(html.utf8).write(to: url)
        return url
    }

    /// The DOM after the page's scripts ran, and what Chromium logged.
    func dom(_ url: URL) throws -> (dom: String, log: String) {
        let run = try Headless.run(url, ["--dump-dom", "--virtual-time-budget=5000"])
        return (run.stdout, run.stderr)
    }

    func body(_ dom: String) throws -> Tag { try #require(Tag.all(in: dom, named: "body").first) }

    @Test func scriptsRunCleanAndNothingIsRequested() throws {
        let input = try ReportFixture.input(try ReportFixture.coarsePlan())
        let (dom, log) = try dom(try page(PlanReport.html(input)))
        let body = try body(dom)
        #expect(body.attributes["data-ready"] == "1", "the script ran to its end")
        #expect(body.attributes["data-errors"] == "0")
        #expect(body.attributes["data-csp-violations"] == "0", "no blocked request")
        #expect(Headless.consoleProblems(log).isEmpty, "\(Headless.consoleProblems(log))")
        ReportHTMLChecks.offline(dom)
        try ReportHTMLChecks.contentSecurityPolicy(dom)
        // The slider script showed exactly one frame per view.
        let frames = Tag.all(in: dom, named: "g").filter { $0.classes.contains("frame") }
        let shown = frames.filter { !$0.classes.contains("hidden") }
        #expect(shown.count == input.plan.arches.count * 2)
    }

    @Test func odontogramAndHeatMapMatchThePlanAndTheCheck() throws {
        let input = try ReportFixture.input(try ReportFixture.coarsePlan())
        let (dom, _) = try dom(try page(PlanReport.html(input)))
        ReportHTMLChecks.odontogram(dom, plan: input.plan)
        ReportHTMLChecks.heatMap(dom, input: input)
        #expect(!StepLimitExpectation.from(input).isEmpty, "the coarse plan has step-limit errors to mark")
    }

    /// A page whose script is not the hashed one must be blocked and counted: proof the probe sees violations.
    @Test func aBlockedRequestWouldBeSeen() throws {
        let input = try ReportFixture.input(try ReportFixture.coarsePlan())
        let html = PlanReport.html(input).replacingOccurrences(of: "</main>", with: "</main><img alt=\"probe\" src=\"https://example.invalid/x.png\">")
        let (dom, log) = try dom(try page(html))
        let body = try body(dom)
        #expect(Int(body.attributes["data-csp-violations"] ?? "0") ?? 0 >= 1, "CSP blocked the image and the page counted it")
        #expect(!Headless.consoleProblems(log).isEmpty, "Chromium logged the refusal too")
    }

    @Test func defaultSampleScreenshotIsNotBlankAndPrintsWithPageHeaders() throws {
        let (plan, html) = try ReportFixture.defaultSample.get()
        #expect(html.utf8.count <= 5 * 1_048_576)
        let url = try page(html)
        let (dom, log) = try dom(url)
        #expect(try body(dom).attributes["data-errors"] == "0")
        #expect(Headless.consoleProblems(log).isEmpty, "\(Headless.consoleProblems(log))")

        let png = url.deletingLastPathComponent().appendingPathComponent("shot.png")
        _ = try Headless.run(url, ["--screenshot=\(png.path)", "--window-size=1100,2200", "--hide-scrollbars"])
        let image = try PNGImage(try Data(contentsOf: png))
        #expect(image.width == 1100 && image.height == 2200)
        #expect(image.luminanceVariance > 200, "variance \(image.luminanceVariance)")
        #expect(image.distinctColours > 50, "\(image.distinctColours) colours")

        let pdf = url.deletingLastPathComponent().appendingPathComponent("report.pdf")
        try ReportPrinter.printPDF(url, to: pdf)
        let info = try Headless.tool("pdfinfo", [pdf.path])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        // Every section starts a page: at least header+summary, odontogram, heat map, movement, IPR,
        // attachments, steps, compatibility, pictures.
        #expect(pages >= 9, "\(pages) pages")
        #expect(pages <= 120, "\(pages) pages")
        let caseID = plan.metadata.caseID
        for page in 1...max(pages, 1) {
            let text = try Headless.tool("pdftotext", ["-f", "\(page)", "-l", "\(page)", "-layout", pdf.path, "-"])
            #expect(text.contains("Case \(caseID)") && text.contains("plan revision"), "page \(page) header")
            #expect(text.contains("page \(page) of \(pages)"), "page \(page) number")
        }
        let all = try Headless.tool("pdftotext", [pdf.path, "-"])
        for heading in ["Summary", "Odontogram", "Staging heat map", "Cumulative movement per tooth", "IPR schedule",
                        "Attachment schedule", "Steps per aligner", "Compatibility", "Pictures"] {
            #expect(all.contains(heading), "PDF has \(heading)")
        }
        // The per-stage tables are printed open: one header per aligner, plus the two cumulative tables.
        let aligners = plan.arches.reduce(0) { $0 + $1.alignerCount }
        #expect(all.components(separatedBy: "mesial/distal").count - 1 >= aligners + plan.arches.count)
    }
}

/// The numbering switch, run by the page's own script in Chromium.
@Suite(.enabled(if: Headless.available, "chromium is not installed: browser tests skipped (CI installs it)"))
struct ReportNotationBrowserTests {
    @Test(arguments: ["u", "p"])
    func everyToothLabelSwitches(code: String) throws {
        let input = try ReportFixture.input(try ReportFixture.coarsePlan())
        let page = try ReportFixture.folder().appendingPathComponent("report.html")
        try Data(PlanReport.html(input).utf8).write(to: page)
        let run = try Headless.run(page, ["--dump-dom", "--virtual-time-budget=5000"], fragment: "notation=\(code)")
        #expect(Tag.all(in: run.stdout, named: "body").first?.attributes["data-notation"] == code)
        // Every label now reads as its own tooth in the chosen notation.
        var checked = 0
        for chunk in run.stdout.components(separatedBy: "class=\"tn\"").dropFirst() {
            let attrs = Tag.attributes(String(chunk.prefix { $0 != ">" }))
            let text = chunk.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
            guard let fdi = attrs["data-f"].flatMap(Int.init), let tooth = try? ToothID(fdi: fdi) else { continue }
            #expect(String(text) == (code == "u" ? tooth.universal : tooth.palmer), "tooth \(fdi)")
            checked += 1
        }
        #expect(checked > 100)
    }
}
