import Foundation
import PlanModel
import PlanReport
import Testing

/// Checks shared by the pure tests (on the HTML made) and the browser tests (on the DOM after scripts ran).
enum ReportHTMLChecks {
    /// One odontogram element per tooth of the plan, by status; "present" elements exactly the present teeth.
    static func odontogram(_ html: String, plan: TreatmentPlan) {
        // Only what the parser kept inside the odontogram's svg counts (an HTML tag in SVG text would end it).
        let chart = html.components(separatedBy: "<svg class=\"odontogram\"").dropFirst().first?
            .components(separatedBy: "</svg>").first ?? ""
        let teeth = Tag.all(in: chart, named: "g").filter { $0.classes.contains("tooth") }
        for status in ToothStatus.allCases {
            let drawn = teeth.filter { $0.attributes["data-status"] == status.rawValue }.compactMap { $0.attributes["data-fdi"] }.sorted()
            let planned = plan.arches.flatMap(\.teeth).filter { $0.status == status }.map { String($0.id.fdi) }.sorted()
            #expect(drawn == planned, "odontogram \(status.rawValue) teeth")
        }
    }

    /// Teeth × stages cells per arch and system; over-limit cells exactly where the check found step-limit errors.
    static func heatMap(_ html: String, input: ReportInput) {
        let svgs = Tag.all(in: html, named: "svg").filter { $0.classes.contains("heat") }
        let limited = input.systems.filter(\.hasStepLimits)
        #expect(svgs.count == limited.count * input.plan.arches.count)
        for svg in svgs {
            let arch = input.plan.arches.first { $0.jaw.rawValue == svg.attributes["data-arch"] }
            #expect(svg.attributes["data-teeth"] == arch.map { String($0.movableTeeth.count) })
            #expect(svg.attributes["data-stages"] == arch.map { String($0.alignerCount) })
        }
        let cells = Tag.all(in: html, named: "rect").filter { $0.classes.contains("c") }
        // Cells belong to the heat-map svg they sit in.
        var cellsBySystem: [String: [Tag]] = [:]
        for chunk in html.components(separatedBy: "<svg ").dropFirst() {
            let body = chunk.components(separatedBy: "</svg>")[0]
            guard let head = Tag.all(in: "<svg " + body, named: "svg").first, head.classes.contains("heat"),
                  let system = head.attributes["data-system"] else { continue }
            cellsBySystem[system, default: []] += Tag.all(in: body, named: "rect").filter { $0.classes.contains("c") }
        }
        let expectedCells = limited.count * input.plan.arches.reduce(0) { $0 + $1.movableTeeth.count * $1.alignerCount }
        #expect(cells.count == expectedCells)
        let expectations = StepLimitExpectation.from(input)
        for system in limited {
            let systemCells = cellsBySystem[system.id] ?? []
            let over = systemCells.filter { $0.classes.contains("over") }
            // Every (tooth, kind) over the limit in the map, with its count of stages, is a finding, and back.
            var counted: [String: Int] = [:]
            for cell in over {
                for kind in (cell.attributes["data-o"] ?? "").split(separator: " ") {
                    counted["\(cell.attributes["data-t"] ?? "")/\(kind)", default: 0] += 1
                }
            }
            let expected = expectations.filter { $0.system == system.id }
            var wanted: [String: Int] = [:]
            for e in expected { wanted["\(e.tooth)/\(e.kind)", default: 0] += e.count }
            #expect(counted == wanted, "over-limit cells of \(system.id)")
            for e in expected {
                let cell = systemCells.first { $0.attributes["data-t"] == String(e.tooth) && $0.attributes["data-s"] == String(e.worstStage)
                    && (($0.attributes["data-o"] ?? "").split(separator: " ").contains(Substring(e.kind))) }
                #expect(cell != nil, "\(system.id): tooth \(e.tooth) stage \(e.worstStage) \(e.kind) is marked over")
            }
        }
    }

    /// Nothing that could be fetched: no src / href / srcset / action / poster attributes, no link, img, iframe,
    /// object, embed or external script, no url() or @import in styles, and http(s) only inside text.
    static func offline(_ html: String) {
        let tags = Tag.all(in: html)
        let fetching = ["src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data", "ping", "background"]
        for tag in tags {
            for key in fetching where tag.attributes[key] != nil {
                Issue.record("<\(tag.name)> has \(key)=\"\(tag.attributes[key] ?? "")\"")
            }
            for (key, value) in tag.attributes where value.lowercased().contains("http:") || value.lowercased().contains("https:") {
                Issue.record("<\(tag.name)> \(key) names a URL: \(value)")
            }
        }
        let loaders = ["link", "img", "iframe", "object", "embed", "image", "use", "audio", "video", "source", "base", "form"]
        #expect(tags.filter { loaders.contains($0.name) }.isEmpty)
        let lower = html.lowercased()
        #expect(!lower.contains("url("))
        #expect(!lower.contains("@import"))
        #expect(!lower.contains("@font-face"))
    }

    /// The CSP meta forbids everything but the page's own hashed style and script.
    static func contentSecurityPolicy(_ html: String) throws {
        let meta = try #require(Tag.all(in: html, named: "meta").first { $0.attributes["http-equiv"] == "Content-Security-Policy" })
        let policy = meta.attributes["content"] ?? ""
        #expect(policy.hasPrefix("default-src 'none';"))
        for directive in ["img-src 'none'", "connect-src 'none'", "font-src 'none'", "base-uri 'none'", "form-action 'none'"] {
            #expect(policy.contains(directive))
        }
        #expect(!policy.contains("unsafe"))
        #expect(!policy.contains("http"))
    }
}
