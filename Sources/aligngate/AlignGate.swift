import ArgumentParser
import Foundation

@main
struct AlignGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aligngate",
        abstract: "A multi-vendor export gateway for clear-aligner treatment plans.",
        discussion: "Exit codes: 0 ok; 1 checked and rejected (incompatible plan, broken rules, problems found); 2 bad usage or unreadable input.",
        subcommands: [DemoCommand.self, SampleCommand.self, SummaryCommand.self, VendorsCommand.self, CheckCommand.self, RestageCommand.self,
                      ExportCommand.self, IntakeCommand.self, ConvertCommand.self, InspectCommand.self, MeshCommand.self,
                      ApproveCommand.self, ReportCommand.self, HistoryCommand.self, AuditCommand.self, BenchCommand.self,
                      ServeCommand.self, WorkerCommand.self, KeysCommand.self])

    /// ArgumentParser reports bad usage with 64 (EX_USAGE); the gateway's documented code for it is 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Output.unreadable.rawValue)
        }
    }
}
