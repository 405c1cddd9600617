import ArchiveIO
import ArgumentParser
import Foundation
import TextReport

/// `aligngate inspect`: what an archive holds and every rule it breaks, before anything is extracted.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List an archive's entries, sizes and ratios, and every rule an entry breaks.",
        discussion: """
            Reads zip, tar, tar.gz/.xz/.bz2/.zst and 7z through libarchive, streaming every entry under the \
            limits (never trusting sizes declared in headers). Exit 0: clean; 1: a rule is broken; \
            2: the archive cannot be read at all.
            """)

    @Argument(help: "The archive.")
    var archive: String

    @Option(help: "Password for encrypted zip entries.")
    var password: String?

    @OptionGroup var limits: LimitOptions

    @Flag(help: "Print stable JSON.")
    var json = false

    func run() throws {
        switch ArchiveInspector.inspect(URL(fileURLWithPath: archive), limits: limits.limits, password: password) {
        case let .failure(error):
            Output.error(error.description)
            throw Output.unreadable
        case let .success(inspection):
            print(json ? try Output.json(inspection) : Self.text(inspection, name: archive))
            if !inspection.isClean { throw Output.problemsFound }
        }
    }

    static func text(_ i: ArchiveInspection, name: String) -> String {
        var table = TextTable("entry", "kind", "declared", "read", "compressed", "ratio", "problems")
        for r in i.entries {
            table.add(r.entry.path, r.entry.kind.rawValue + (r.entry.isEncrypted ? " (encrypted)" : ""),
                      r.entry.declaredSize.map(String.init) ?? "?", String(r.bytesRead),
                      r.compressedSize.map(String.init) ?? "?", r.ratio.map { String(format: "%.1f", $0) } ?? "-",
                      r.problems.isEmpty ? "" : r.problems.map(\.rule.rawValue).joined(separator: ", "))
        }
        let read = i.entries.reduce(Int64(0)) { $0 + $1.bytesRead }
        var out = ["\(name): \(i.format.rawValue), \(i.entries.count) entries, \(read) bytes uncompressed", "", table.rendered]
        let problems = i.allProblems
        out.append("")
        out.append(problems.isEmpty ? "no rule broken" : "\(problems.count) rule(s) broken:")
        out += problems.map { "  \($0.rule.rawValue): \($0.description)" }
        return out.joined(separator: "\n")
    }
}
