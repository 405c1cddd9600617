import ArgumentParser
import Foundation
import Gateway
import VendorKit

/// `aligngate check`: the compatibility matrix of a plan against one, several or all systems.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a plan against vendor systems: per vendor a verdict, counts and the main findings with remedies.",
        discussion: "Exit 0: every system checked takes the plan (possibly with losses); 1: at least one refuses it; 2: unreadable plan.")

    @Argument(help: "A .alignplan package (folder or zip).")
    var plan: String

    @Option(name: .customLong("vendor"), help: "A vendor id; repeat for several (default: every exporting adapter).")
    var vendors: [String] = []

    @Flag(help: "Treat warnings (losses, risks) as errors.")
    var strict = false

    @Flag(help: "Print stable JSON with every finding.")
    var json = false

    func run() throws {
        let loaded = try PlanLoading.plan(plan)
        let matrix: CompatibilityMatrix
        do { matrix = try CompatibilityMatrix.check(loaded, registry: try PlanLoading.registry(), vendors: vendors, strict: strict) } catch {
            throw PlanLoading.exitCode(for: error)
        }
        print(json ? try Output.json(matrix) : MatrixText.render(matrix))
        if matrix.rows.contains(where: { $0.verdict == .incompatible }) { throw Output.problemsFound }
    }
}
