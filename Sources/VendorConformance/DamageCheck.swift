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
        guard let entries = try? ArchiveReader(contentsOf: url, password: c.intakeOptions.password).entries() else {
            return .failed(["the export cannot be listed"])
        }
        // Each entry dropped, and replaced with garbage: independent reads of their own copies, so they run on
        // every core (the adapter's reads are the check's cost: a layout of many entries takes one per entry).
        guard let reader = try? ArchiveReader(contentsOf: url, password: c.intakeOptions.password),
              let original = try? contents(reader) else { return .failed(["the export cannot be read"]) }
        let cases = entries.filter { $0.kind == .file }.flatMap { [($0.path, false), ($0.path, true)] }
        let format = reader.format
        let found = Collected(count: cases.count)
        DispatchQueue.concurrentPerform(iterations: cases.count) { i in
            let (path, garbage) = cases[i]
            var g = Failures()
            let damaged = garbage ? rewrite(c, original, format: format, replacing: path) : rewrite(c, original, format: format, dropping: path)
            if let damaged {
                expectTypedFailureOrFinding(c, damaged, about: path, garbage ? "with \(path) replaced by garbage" : "without \(path)", &g)
                try? FileManager.default.removeItem(at: damaged)
            }
            found.set(i, g.messages)
        }
        for message in found.all.joined() { f.fail(message) }
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

    /// A copy of the archive's `entries` without `path` (or with its bytes replaced), written as the same container.
    static func rewrite(_ c: ConformanceContext, _ entries: [(String, Data)], format: ArchiveFormat,
                        dropping drop: String? = nil, replacing replace: String? = nil) -> URL? {
        write(c, entries, format: format) { path, data, _ in
            path == drop ? [] : [(path, path == replace ? Data("not what this entry should hold \u{0}\u{1}\u{2}".utf8) : data)]
        }
    }

    /// Every file entry's path and bytes, in archive order.
    static func contents(_ reader: ArchiveReader) throws -> [(String, Data)] {
        var entries: [(String, Data)] = []
        try reader.forEachEntry { entry, stream in
            if entry.kind == .file { entries.append((entry.path, try stream.readAll())) }
        }
        return entries
    }

    /// A copy of the archive, same container and password, whose entries are what `edit` makes of each
    /// one (its path, its bytes, and a reader of any other entry's bytes); nil when it cannot be made.
    static func rewrite(_ c: ConformanceContext, _ url: URL,
                        edit: (String, Data, (String) throws -> Data) throws -> [(String, Data)]) -> URL? {
        let password = c.intakeOptions.password
        guard let reader = try? ArchiveReader(contentsOf: url, password: password), let entries = try? contents(reader) else { return nil }
        return write(c, entries, format: reader.format, edit: edit)
    }

    /// `entries` written as `format` (with the kit's password) after `edit`; nil when it cannot be made.
    static func write(_ c: ConformanceContext, _ entries: [(String, Data)], format: ArchiveFormat,
                      edit: (String, Data, (String) throws -> Data) throws -> [(String, Data)]) -> URL? {
        guard ArchiveWriteOptions.writableFormats.contains(format) else { return nil }
        let out = c.path("damaged.\(c.fileExtension)")
        do {
            let byPath = Dictionary(entries, uniquingKeysWith: { a, _ in a })
            let other = { (path: String) throws -> Data in byPath[path] ?? Data() }
            let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: format, password: c.intakeOptions.password))
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

/// Per-case failure messages filled in from concurrent reads, kept in case order.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [[String]]

    init(count: Int) { messages = Array(repeating: [], count: count) }

    func set(_ i: Int, _ m: [String]) { lock.withLock { messages[i] = m } }

    var all: [[String]] { lock.withLock { messages } }
}
