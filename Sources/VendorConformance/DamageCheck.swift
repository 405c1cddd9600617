import ArchiveIO
import Foundation
import VendorKit

/// Truncated or corrupted archives, missing entries and entries replaced with garbage give a typed
/// `VendorError` — never a crash — or, for an entry the format can live without, a read whose report
/// names the missing file: nothing is dropped silently.
enum DamageCheck {
    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction == .both else { return .skipped("needs an export to damage") }
        guard case let .success(url) = c.export(0), let bytes = try? Data(contentsOf: url) else {
            return .failed(["sample 0 did not export"])
        }
        var f = Failures()
        // Truncation: a typed error, or (rarely, when only trailing bytes go) a read that lost nothing.
        for fraction in [0.0, 0.05, 0.5, 0.95] {
            let damaged = c.path("truncated.\(c.fileExtension)")
            try? bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: damaged)
            expectTypedFailure(c, damaged, "truncated to \(Int(fraction * 100)) %", &f)
        }
        // Entries: remove each one, and replace each with garbage.
        guard let entries = try? ArchiveReader(contentsOf: url, password: c.intakeOptions.password).entries() else {
            return .failed(["the export cannot be listed"])
        }
        for entry in entries where entry.kind == .file {
            if let missing = rewrite(c, url, dropping: entry.path) {
                expectTypedFailureOrFinding(c, missing, about: entry.path, "without \(entry.path)", &f)
            }
            if let garbage = rewrite(c, url, replacing: entry.path) {
                expectTypedFailureOrFinding(c, garbage, about: entry.path, "with \(entry.path) replaced by garbage", &f)
            }
        }
        return f.outcome
    }

    /// `read` throws only VendorError (typed throws), so not crashing is half the check; a read that
    /// succeeds anyway must have lost nothing.
    static func expectTypedFailure(_ c: ConformanceContext, _ url: URL, _ what: String, _ f: inout Failures) {
        guard let result = try? c.adapter.read(url, options: c.intakeOptions) else { return }
        var comparison = PlanComparison(tolerance: ConformanceKit.tolerance, capabilities: c.descriptor.capabilities)
        comparison.compare(c.samples[0], result.plan)
        for message in comparison.failures.prefix(3) { f.fail("\(what): read with losses: \(message)") }
    }

    static func expectTypedFailureOrFinding(_ c: ConformanceContext, _ url: URL, about path: String, _ what: String, _ f: inout Failures) {
        do {
            let result = try c.adapter.read(url, options: c.intakeOptions)
            let named = result.report.findings.contains { $0.location.file == path || $0.message.contains(path) }
            f.expect(named, "\(what): read without an error or a finding naming \(path)")
        } catch {
            _ = error  // a typed VendorError: the expected outcome
        }
    }

    /// A copy of the archive without `path` (or with its bytes replaced), written as the same container.
    static func rewrite(_ c: ConformanceContext, _ url: URL, dropping drop: String? = nil, replacing replace: String? = nil) -> URL? {
        rewrite(c, url) { path, data, _ in
            path == drop ? [] : [(path, path == replace ? Data("not what this entry should hold \u{0}\u{1}\u{2}".utf8) : data)]
        }
    }

    /// A copy of the archive, same container and password, whose entries are what `edit` makes of each
    /// one (its path, its bytes, and a reader of any other entry's bytes); nil when it cannot be made.
    static func rewrite(_ c: ConformanceContext, _ url: URL,
                        edit: (String, Data, (String) throws -> Data) throws -> [(String, Data)]) -> URL? {
        let password = c.intakeOptions.password
        guard let reader = try? ArchiveReader(contentsOf: url, password: password),
              ArchiveWriteOptions.writableFormats.contains(reader.format) else { return nil }
        let out = c.path("damaged.\(c.fileExtension)")
        do {
            var entries: [(String, Data)] = []
            try reader.forEachEntry { entry, stream in
                if entry.kind == .file { entries.append((entry.path, try stream.readAll())) }
            }
            let byPath = Dictionary(entries, uniquingKeysWith: { a, _ in a })
            let other = { (path: String) throws -> Data in byPath[path] ?? Data() }
            let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: reader.format, password: password))
            for (path, data) in entries {
                for (name, bytes) in try edit(path, data, other) { try writer.add(name, data: bytes) }
            }
            _ = try writer.finish()
            return out
        } catch {
            return nil
        }
    }
}
