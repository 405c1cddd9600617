import ArgumentParser

@main
struct AlignGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aligngate",
        abstract: "A multi-vendor export gateway for clear-aligner treatment plans.",
        subcommands: [DemoCommand.self, SampleCommand.self, SummaryCommand.self, VendorsCommand.self, CheckCommand.self, ExportCommand.self, IntakeCommand.self, ConvertCommand.self, InspectCommand.self, MeshCommand.self])
}
