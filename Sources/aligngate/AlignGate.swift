import ArgumentParser

@main
struct AlignGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aligngate",
        abstract: "A multi-vendor export gateway for clear-aligner treatment plans.",
        subcommands: [SampleCommand.self, SummaryCommand.self, MeshCommand.self])
}
