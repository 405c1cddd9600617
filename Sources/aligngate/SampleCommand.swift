import ArgumentParser
import Foundation
import PlanModel
import PlanPackage
import SampleCases

extension SampleOptions.Preset: ExpressibleByArgument {}
extension PlanPackage.Form: ExpressibleByArgument {}

/// `aligngate sample`: the bundled default workload.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a deterministic, plausible sample case as a .alignplan package and print its summary.",
        discussion: """
            28 permanent teeth on a realistic arch form, closed crowns and gingiva, a crowding correction \
            staged within the ArchForm default per-stage limits, attachments and IPR. The same options \
            always give the same plan. --preset reference is the fixed benchmark workload \
            (40 stages per arch, about 170k triangles per arch).
            """)

    @Option(name: .shortAndLong, help: "Where to write the .alignplan package.")
    var out: String

    @Option(help: "Aligners of the upper arch (\(SampleOptions.allowedStages.lowerBound)–\(SampleOptions.allowedStages.upperBound)); default: the preset's.")
    var stages: Int?

    @Option(help: "Triangles per crown mesh (\(SampleOptions.allowedTrianglesPerTooth.lowerBound)–\(SampleOptions.allowedTrianglesPerTooth.upperBound)); default: the preset's.")
    var trianglesPerTooth: Int?

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(help: "Starting point: \(SampleOptions.Preset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: SampleOptions.Preset = .default

    @Option(help: "Package form: folder, or zip (one file holding the same entries).")
    var form: PlanPackage.Form = .folder

    @Flag(help: "Replace an existing package at --out.")
    var force = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let options = SampleOptions(preset: preset, stages: stages, trianglesPerTooth: trianglesPerTooth, seed: seed)
        let plan: TreatmentPlan
        do { plan = try SampleCase.make(options) } catch {
            throw ValidationError(error.description)
        }
        let url = URL(fileURLWithPath: out)
        do { try PlanPackage.write(plan, to: url, form: form, overwrite: force) } catch {
            Output.error(error.description)
            throw Output.unreadable
        }
        guard !quiet else { return }
        if json {
            print(try Output.json(PlanReport(plan: plan)))
        } else {
            print("wrote \(url.path)\n")
            print(SummaryText.render(PlanReport(plan: plan)))
        }
    }
}
