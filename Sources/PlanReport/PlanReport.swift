import Digest
import Foundation
import PlanModel

/// The doctor's review report: one self-contained HTML file (inline CSS, SVG and a little script, a
/// Content-Security-Policy that forbids every network access) made from a plan and its checks.
public enum PlanReport {
    /// The `<meta>` that states the revision a report was made from (read back at approval).
    public static let revisionMetaName = "aligngate-plan-revision"
    /// The `<meta>` that names the case.
    public static let caseMetaName = "aligngate-case"

    /// The report of `input` as HTML text (UTF-8). Pure: the same input gives the same bytes.
    public static func html(_ input: ReportInput) -> String {
        let plan = input.plan
        let meta = plan.metadata
        let schedule = VisitSchedule(start: input.start, wearIntervalDays: meta.wearIntervalDays)
        let css = ReportStyle.css(caseID: meta.caseID, revision: input.revision)
        let script = ReportScript.source
        let sections = [
            HeaderSection.html(input),
            SummarySection.html(input, schedule: schedule),
            Odontogram.html(plan),
            HeatMap.html(plan, systems: input.systems),
            MovementTables.html(plan, schedule: schedule),
            CompatibilitySection.html(input.systems),
            ArchPictures.html(plan),
        ]
        let title = "Treatment plan review — \(meta.caseID)"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy(style: css, script: script))">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="\(revisionMetaName)" content="\(HTML.escape(input.revision))">
            <meta name="\(caseMetaName)" content="\(HTML.escape(meta.caseID))">
            <meta name="generator" content="aligngate">
            <title>\(HTML.escape(title))</title>
            <style>\(css)</style>
            </head><body data-errors="0" data-csp-violations="0" data-ready="0">
            <nav class="notation" aria-label="Tooth numbering">Numbering:
            <button type="button" data-notation="f" aria-pressed="true">FDI</button><button type="button" data-notation="u" aria-pressed="false">Universal</button><button type="button" data-notation="p" aria-pressed="false">Palmer</button></nav>
            <main>
            \(sections.joined(separator: "\n"))
            </main>
            <footer>Made by aligngate from plan revision <code>\(HTML.escape(input.revision))</code> at \(HTML.escape(input.generated)).</footer>
            <script>\(script)</script>
            </body></html>

            """
    }

    /// Nothing may be fetched: no default source, no images, fonts, frames or connections; only this
    /// page's own style sheet and script, by hash (so an injected `<script>` would not run either).
    static func contentSecurityPolicy(style: String, script: String) -> String {
        "default-src 'none'; style-src '\(hashSource(style))'; script-src '\(hashSource(script))'; "
            + "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
            + "frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
    }

    /// A CSP hash source: "sha256-" and the base64 SHA-256 of the element's exact text.
    static func hashSource(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return "sha256-" + Data(hasher.finalize()).base64EncodedString()
    }

    /// The revision a report states it was made from, or nil when `html` has no aligngate revision stamp.
    public static func revision(inReport html: String) -> String? {
        let marker = "<meta name=\"\(revisionMetaName)\" content=\""
        guard let start = html.range(of: marker), let end = html[start.upperBound...].firstIndex(of: "\"") else { return nil }
        let value = String(html[start.upperBound..<end])
        return value.count == 64 && value.allSatisfy(\.isHexDigit) ? value : nil
    }
}

