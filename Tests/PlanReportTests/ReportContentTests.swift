import Foundation
import PlanModel
@testable import PlanReport
import SampleCases
import Testing
import VendorKit

/// The report as text: its stamp, policy, sections and figures, escaping, and the size of the default sample.
@Suite struct ReportContentTests {
    @Test func statesTheRevisionItWasMadeFrom() throws {
        let input = try ReportFixture.input(try ReportFixture.coarsePlan())
        let html = PlanReport.html(input)
        #expect(PlanReport.revision(inReport: html) == input.revision)
        #expect(html.contains("<meta name=\"aligngate-case\" content=\"\(input.plan.metadata.caseID)\">"))
        #expect(PlanReport.revision(inReport: "<html><meta name=\"aligngate-plan-revision\" content=\"abc\"></html>") == nil)
        #expect(PlanReport.revision(inReport: "<html></html>") == nil)
        // Pure: the same input gives the same bytes.
        #expect(PlanReport.html(input) == html)
    }

    @Test func hasEverySectionAndTheApprovalState() throws {
        var input = try ReportFixture.input(try ReportFixture.coarsePlan(), start: Date(timeIntervalSince1970: 1_738_368_000))
        let html = PlanReport.html(input)
        for id in ["header", "summary", "odontogram", "heatmap", "movement", "ipr", "attachments", "steps", "compatibility", "pictures"] {
            #expect(html.contains("id=\"\(id)\""), "section \(id)")
        }
        #expect(html.contains("data-state=\"not-approved\"") && html.contains("NOT APPROVED"))
        #expect(html.contains("aligner 1 from 2025-02-01"))
        input.approval = .approved(doctor: "Dr. Ada Moreno", at: "2026-01-02T10:00:00.000Z", id: 7, note: "as discussed",
                                   reportSHA256: String(repeating: "ab", count: 32))
        let approved = PlanReport.html(input)
        #expect(approved.contains("data-state=\"approved\"") && approved.contains("Dr. Ada Moreno") && approved.contains("approval #7"))
        #expect(approved.contains("after reviewing the report with SHA-256 <code>\(String(repeating: "ab", count: 32))</code>"))
        let details = Tag.all(in: html, named: "details").filter { $0.classes.contains("stage") }
        #expect(details.count == input.plan.arches.reduce(0) { $0 + $1.alignerCount })
        // Six components with units in the cumulative table's header.
        for kind in MovementKind.allCases { #expect(html.contains("<th>\(kind.title) (\(kind.unit))</th>")) }
    }

    @Test func odontogramHeatMapAndOfflineChecksHoldOnTheText() throws {
        let input = try ReportFixture.input(try ReportFixture.coarsePlan())
        let html = PlanReport.html(input)
        ReportHTMLChecks.odontogram(html, plan: input.plan)
        ReportHTMLChecks.heatMap(html, input: input)
        ReportHTMLChecks.offline(html)
        try ReportHTMLChecks.contentSecurityPolicy(html)
        // The coarse plan breaks the reference systems' limits, so the map has crosses to compare.
        #expect(!StepLimitExpectation.from(input).isEmpty)
        #expect(html.contains("class=\"c over\""))
        // Every system whose step limits the plan exceeds is priced (the matrix's restage remedy), no other.
        let over = Set(StepLimitExpectation.from(input).map(\.system))
        for system in input.systems {
            let priced = html.contains("<li data-system=\"\(system.id)\">restage for \(system.id): +")
            #expect(priced == over.contains(system.id), "restage price for \(system.id)")
        }
    }

    @Test func policyHashesAreThoseOfTheInlineStyleAndScript() throws {
        let html = PlanReport.html(try ReportFixture.input(try ReportFixture.coarsePlan()))
        func between(_ a: String, _ b: String) throws -> String {
            let start = try #require(html.range(of: a))
            let end = try #require(html[start.upperBound...].range(of: b))
            return String(html[start.upperBound..<end.lowerBound])
        }
        let policy = try between("Content-Security-Policy\" content=\"", "\"")
        #expect(policy.contains("style-src '\(PlanReport.hashSource(try between("<style>", "</style>")))'"))
        #expect(policy.contains("script-src '\(PlanReport.hashSource(try between("<script>", "</script>")))'"))
        #expect(html.components(separatedBy: "<script").count == 2, "one script element")
    }

    @Test func metadataIsEscapedEverywhere() throws {
        var plan = try ReportFixture.coarsePlan()
        plan.metadata.doctor = "<script>alert(1)</script> \"Dr.\" & Co"
        plan.metadata.caseID = "C</style><b>\"\\"
        let html = PlanReport.html(try ReportFixture.input(plan))
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;Dr.&quot; &amp; Co"))
        #expect(html.components(separatedBy: "</style>").count == 2, "the case id cannot close the style element")
        ReportHTMLChecks.offline(html)
    }

    @Test func defaultSampleReportIsAtMostFiveMegabytes() throws {
        let (plan, html) = try ReportFixture.defaultSample.get()
        let bytes = html.utf8.count
        #expect(bytes <= 5 * 1_048_576, "default sample report is \(bytes) bytes")
        #expect(bytes > 200_000, "the pictures are there")
        // Stage 0 and final for two views of each arch, plus the slider frames.
        let views = Tag.all(in: html, named: "figure").filter { $0.classes.contains("view") }
        #expect(views.count == plan.arches.count * 2)
        let frames = Tag.all(in: html, named: "g").filter { $0.classes.contains("frame") }
        #expect(frames.count >= plan.arches.count * 2 * 5)
    }

    @Test func decimationMeetsItsTargetAndKeepsTheShape() throws {
        let plan = try SampleCase.make(SampleOptions(stages: 2, trianglesPerTooth: 5_000, seed: 1))
        let crown = try #require(plan.arches.first?.teeth.first { $0.crown != nil }?.crown)
        let small = MeshDecimation.simplified(crown, target: 220)
        #expect(small.triangleCount <= 220 && small.triangleCount >= 40)
        #expect(small.hasValidIndices)
        let a = try #require(crown.boundingBox), b = try #require(small.boundingBox)
        // Cluster averages stay inside the original box and span most of it.
        #expect(b.min.x >= a.min.x - 1e-3 && b.max.x <= a.max.x + 1e-3)
        #expect((b.max.x - b.min.x) > 0.7 * (a.max.x - a.min.x))
    }
}
