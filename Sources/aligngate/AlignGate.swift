import ArgumentParser

@main
struct AlignGate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aligngate",
        abstract: "A multi-vendor export gateway for clear-aligner treatment plans.",
        subcommands: [])
}
