import Foundation
import PlanModel

/// Text made safe for HTML and SVG, and the number spellings every section shares.
enum HTML {
    /// Escapes the five characters that matter in text and in quoted attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A fixed number of decimals, never "-0.00".
    static func number(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "–" }
        let text = String(format: "%.\(digits)f", v)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// A tooth label that the notation switch can rewrite (FDI shown; Universal and Palmer carried).
    static func tooth(_ id: ToothID) -> String {
        "<span class=\"tn\" data-f=\"\(id.fdi)\" data-u=\"\(id.universal)\" data-p=\"\(id.palmer)\">\(id.fdi)</span>"
    }

    /// The same inside SVG text: a `<tspan>`, since an HTML `<span>` would end the SVG element.
    static func svgTooth(_ id: ToothID) -> String {
        "<tspan class=\"tn\" data-f=\"\(id.fdi)\" data-u=\"\(id.universal)\" data-p=\"\(id.palmer)\">\(id.fdi)</tspan>"
    }

    /// A contact as two switchable tooth labels, "11–21".
    static func contact(_ c: ToothContact) -> String { tooth(c.first) + "–" + tooth(c.second) }

    /// A table: header cells, then rows of already-escaped cells.
    static func table(_ header: [String], _ rows: [[String]], caption: String? = nil, cssClass: String = "") -> String {
        var out = "<table\(cssClass.isEmpty ? "" : " class=\"\(cssClass)\"")>"
        if let caption { out += "<caption>\(caption)</caption>" }
        out += "<thead><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        // Wide tables scroll sideways on a phone instead of widening the page.
        return "<div class=\"scroll\">" + out + "</tbody></table></div>"
    }

    /// "Stage n" with its visit date when the start is known.
    static func visit(_ stage: Int, _ schedule: VisitSchedule) -> String {
        schedule.date(ofStage: stage).map { "\(stage) <span class=\"date\">(\($0))</span>" } ?? String(stage)
    }
}

/// Dates of the aligners: aligner n starts (n − 1) wear intervals after the start.
struct VisitSchedule {
    var start: Date?
    var wearIntervalDays: Int

    /// "2025-03-04" for the day aligner `stage` starts; nil without a start.
    func date(ofStage stage: Int) -> String? {
        guard let start else { return nil }
        return Self.day(start.addingTimeInterval(Double(max(stage - 1, 0) * wearIntervalDays) * 86_400))
    }

    /// The day after the last aligner's wear interval.
    func end(afterAligners count: Int) -> String? {
        start.map { Self.day($0.addingTimeInterval(Double(count * wearIntervalDays) * 86_400)) }
    }

    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
