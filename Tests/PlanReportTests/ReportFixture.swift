import Foundation
import Gateway
import PlanModel
import PlanReport
import SampleCases
import VendorKit

/// Plans and their reports for the tests; nothing is written in the package folder.
enum ReportFixture {
    /// A report of `plan` checked against every exporting system, not approved.
    static func input(_ plan: TreatmentPlan, vendors: [String] = [], start: Date? = nil) throws -> ReportInput {
        try ReviewReport.input(plan, registry: try Registry.standard(), vendors: vendors,
                               approval: .notApproved(reason: "no ledger was consulted"), start: start,
                               now: Date(timeIntervalSince1970: 1_735_689_600))
    }

    /// Few aligners for the movement: steps large enough that the reference systems find step-limit errors.
    static func coarsePlan() throws -> TreatmentPlan {
        try SampleCase.make(SampleOptions(stages: 5, trianglesPerTooth: 600, seed: 3))
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The bundled default sample (28 / 26 aligners, ~200k triangles per arch) and its report, made once.
    static let defaultSample: Result<(plan: TreatmentPlan, html: String), any Error> = Result {
        let plan = try SampleCase.make(SampleOptions())
        return (plan, PlanReport.html(try input(plan)))
    }
}

/// Start tags of an HTML text with their attributes: enough to count and inspect the report's elements.
struct Tag {
    var name: String
    var attributes: [String: String]

    var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }

    static func all(in html: String, named name: String? = nil) -> [Tag] {
        var tags: [Tag] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: ">") else { break }
            let body = after[..<close]
            rest = after[after.index(after: close)...]
            guard let first = body.first, first.isLetter else { continue }
            let tagName = String(body.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            if let name, tagName != name { continue }
            tags.append(Tag(name: tagName, attributes: attributes(String(body.dropFirst(tagName.count)))))
        }
        return tags
    }

    static func attributes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = text[...]
        while let eq = rest.firstIndex(of: "=") {
            let key = rest[..<eq].split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
            let afterEq = rest[rest.index(after: eq)...]
            guard let quote = afterEq.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEq.index(after: afterEq.startIndex)
            guard let end = afterEq[valueStart...].firstIndex(of: quote) else { break }
            out[key.lowercased()] = String(afterEq[valueStart..<end])
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            rest = afterEq[afterEq.index(after: end)...]
        }
        return out
    }
}

/// What the heat map must show, from the compatibility check itself: per system, arch, tooth and kind, the
/// number of over-limit stages and the worst one, parsed from the `stage.step-limit` findings.
struct StepLimitExpectation: Hashable {
    var system: String
    var arch: String
    var tooth: Int
    var kind: String
    var worstStage: Int
    var count: Int

    static func from(_ input: ReportInput) -> [StepLimitExpectation] {
        input.systems.flatMap { system in
            system.findings.filter { $0.code == FindingCode.stepLimit }.compactMap { f -> StepLimitExpectation? in
                guard let arch = f.location.arch, let tooth = f.location.tooth, let stage = f.location.stage,
                      let kind = MovementKind.allCases.first(where: { f.message.hasPrefix("\($0.title) step of tooth") }),
                      let count = f.message.split(separator: ";").last?.split(separator: " ").first.flatMap({ Int($0) })
                else { return nil }
                return StepLimitExpectation(system: system.id, arch: arch.rawValue, tooth: tooth.fdi, kind: kind.rawValue,
                                            worstStage: stage, count: count)
            }
        }
    }
}
