import ArchiveIO
import Foundation
import Gateway
import VendorKit

/// The stl-series target: its intake judges a series by file names alone (FORMAT.md, "Names", and
/// `--layout` patterns), so the fuzzer's bytes are the names. The first line is a `--layout` pattern when
/// it holds a `{`; every further line (at most `maxPaths`) is one file's path in a zip of empty files.
/// Empty models stop intake at the first model read, after every name has been judged.
extension Fuzz {
    static let maxPaths = 64

    static let seriesAdapter: (any VendorAdapter)? = try? Registry.standard().adapter("stl-series")

    static func series(_ data: Data) {
        guard let adapter = seriesAdapter else { return }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var layout: String?
        if let first = lines.first, first.contains("{") { layout = first; lines.removeFirst() }
        let url = work.appendingPathComponent("input-stl-series.zip")
        var seen = Set<String>()
        let entries = lines.prefix(maxPaths).filter { !$0.isEmpty && seen.insert($0).inserted }.map { ($0, Data()) }
        // A path the writer refuses (absolute, "..", not canonical) is not an intake input.
        guard write(entries, to: url, format: .zip) else { return }
        _ = try? adapter.read(url, options: IntakeOptions(layout: layout))
    }
}
