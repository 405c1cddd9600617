import ArchiveIO
import Foundation
import VendorKit

/// Seeded random damage: from a fixed seed (per adapter), a fixed number of mutations of the smallest
/// sample's archive — bit flips and truncations at random offsets, entries swapped, renamed and
/// duplicated — each read back under a time limit. Each must give a typed error, or a read that names a
/// touched entry in a finding or lost nothing. Never a crash or a hang; every failure prints the seed.
enum SeededDamageCheck {
    /// The base seed; an adapter's seed is this mixed with its id, so every run damages the same way.
    static let baseSeed: UInt64 = 0x5EED_A116_0011
    /// Mutations per adapter (small samples keep this in seconds).
    static let mutations = 24
    /// A read that takes longer is reported as a hang.
    static let readLimitSeconds = 120.0

    enum Mutation: CustomStringConvertible {
        case flipBits([Int])
        case truncate(at: Int)
        case swap(String, String)
        case rename(String, to: String)
        case duplicate(String, as: String)

        var description: String {
            switch self {
            case let .flipBits(bits): "bits \(bits) flipped"
            case let .truncate(at): "truncated at byte \(at)"
            case let .swap(a, b): "contents of \(a) and \(b) swapped"
            case let .rename(a, b): "\(a) renamed to \(b)"
            case let .duplicate(a, b): "\(a) duplicated as \(b)"
            }
        }

        /// The entries a finding may name.
        var touched: [String] {
            switch self {
            case .flipBits, .truncate: []
            case let .swap(a, b): [a, b]
            case let .rename(a, b): [a, b]
            case let .duplicate(a, b): [a, b]
            }
        }
    }

    static func seed(for id: String) -> UInt64 {
        // FNV-1a over the id: stable across runs and platforms (Hasher is not).
        id.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 } ^ baseSeed
    }

    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction == .both else { return .skipped("needs an export to damage") }
        let sample = c.samples.count - 1  // the smallest sample (fewest stages, one arch)
        guard sample >= 0, case let .success(url) = c.export(sample) else { return .failed(["the smallest sample did not export"]) }
        let seed = seed(for: c.descriptor.id)
        let password = c.intakeOptions.password
        guard let bytes = try? Data(contentsOf: url), !bytes.isEmpty,
              let files = try? ArchiveReader(contentsOf: url, password: password).entries().filter({ $0.kind == .file }).map(\.path),
              files.count >= 1 else {
            return .failed(["seed \(hex(seed)): the export cannot be read or listed"])
        }
        var generator = SplitMix(seed: seed)
        var f = Failures()
        for n in 0..<mutations {
            let mutation = pick(n, &generator, bytes: bytes.count, files: files)
            let what = "seed \(hex(seed)), mutation \(n) (\(mutation))"
            guard let damaged = apply(mutation, c, url, bytes) else {
                f.fail("\(what): the damaged copy could not be made")
                continue
            }
            switch read(c, damaged) {
            case .none:
                f.fail("\(what): the read did not finish within \(Int(readLimitSeconds)) s (a hang)")
            case .some(.failure):
                break  // a typed VendorError: read's signature allows nothing else
            case let .some(.success(result)):
                let named = mutation.touched.contains { path in
                    result.report.findings.contains { $0.location.file == path || $0.message.contains(path) }
                }
                if !named {
                    var comparison = PlanComparison(tolerance: ConformanceKit.tolerance, capabilities: c.descriptor.capabilities)
                    comparison.compare(c.samples[sample], result.plan)
                    for message in comparison.failures.prefix(3) { f.fail("\(what): read without an error or a finding naming the entry, and lost: \(message)") }
                }
            }
        }
        return f.outcome
    }

    /// The `n`th mutation: the kinds in turn, their places from the generator.
    static func pick(_ n: Int, _ g: inout SplitMix, bytes: Int, files: [String]) -> Mutation {
        func index(_ count: Int) -> Int { Int(g.next() % UInt64(max(1, count))) }
        switch n % 5 {
        case 0: return .flipBits((0..<(1 + index(4))).map { _ in index(bytes * 8) })
        case 1: return .truncate(at: index(bytes))
        case 2:
            let a = files[index(files.count)], b = files[index(files.count)]
            return a == b && files.count > 1 ? .swap(a, files.first { $0 != a } ?? b) : .swap(a, b)
        case 3:
            let a = files[index(files.count)]
            return .rename(a, to: a.contains("/") ? a.replacingOccurrences(of: "/", with: "/renamed-") : "renamed-\(a)")
        default:
            let a = files[index(files.count)]
            return .duplicate(a, as: "copy-\(index(1000))-\(a.split(separator: "/").last.map(String.init) ?? a)")
        }
    }

    /// The damaged copy, beside the others in the scratch folder.
    static func apply(_ m: Mutation, _ c: ConformanceContext, _ url: URL, _ bytes: Data) -> URL? {
        switch m {
        case let .flipBits(bits):
            var copy = bytes
            for bit in bits { copy[bit / 8] ^= UInt8(1 << (bit % 8)) }
            let out = c.path("flipped.\(c.fileExtension)")
            return (try? copy.write(to: out)) == nil ? nil : out
        case let .truncate(at):
            let out = c.path("truncated.\(c.fileExtension)")
            return (try? bytes.prefix(at).write(to: out)) == nil ? nil : out
        case let .swap(a, b):
            return DamageCheck.rewrite(c, url) { path, data, read in
                path == a ? [(path, try read(b))] : path == b ? [(path, try read(a))] : [(path, data)]
            }
        case let .rename(a, to):
            return DamageCheck.rewrite(c, url) { path, data, _ in [(path == a ? to : path, data)] }
        case let .duplicate(a, copy):
            return DamageCheck.rewrite(c, url) { path, data, _ in path == a ? [(path, data), (copy, data)] : [(path, data)] }
        }
    }

    /// The read, on its own thread, or nil when it does not end within the limit.
    static func read(_ c: ConformanceContext, _ url: URL) -> Result<IntakeResult, VendorError>? {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let adapter = c.adapter, options = c.intakeOptions
        let thread = Thread {
            let result: Result<IntakeResult, VendorError>
            do throws(VendorError) { result = .success(try adapter.read(url, options: options)) } catch { result = .failure(error) }
            box.set(result)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + readLimitSeconds) == .success else { return nil }
        return box.get()
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<IntakeResult, VendorError>?
    func set(_ v: Result<IntakeResult, VendorError>) { lock.withLock { value = v } }
    func get() -> Result<IntakeResult, VendorError>? { lock.withLock { value } }
}
