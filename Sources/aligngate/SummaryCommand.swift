import ArgumentParser
import Foundation
import PlanModel
import PlanPackage

/// `aligngate summary`: what a clinic or lab reads first about a plan.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a plan's summary and its structural problems.",
        discussion: """
            Aligners per arch, treatment duration at the wear interval, the largest step of each movement \
            kind and where, IPR per contact and in total, attachments per stage. Exit 0: no problems; \
            1: the plan has structural problems (listed); 2: the plan cannot be read.
            """)

    @Argument(help: "A .alignplan package (folder or zip).")
    var plan: String

    @Flag(help: "Print stable JSON instead of a table.")
    var json = false

    func run() throws {
        let loaded: TreatmentPlan
        do { loaded = try PlanPackage.read(URL(fileURLWithPath: plan)) } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
        let report = PlanReport(plan: loaded)
        print(json ? try Output.json(report) : SummaryText.render(report))
        if !report.problems.isEmpty { throw Output.problemsFound }
    }
}

/// The summary with the plan's structural problems: what `summary --json` prints.
struct PlanReport: Encodable {
    var summary: PlanSummary
    var problems: [PlanProblem]

    init(plan: TreatmentPlan) {
        summary = PlanSummary(plan: plan)
        problems = PlanValidator.validate(plan)
    }
}
