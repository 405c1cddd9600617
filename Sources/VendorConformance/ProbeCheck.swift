import ArchiveIO
import Foundation
import VendorKit

/// The adapter scores its own output ≥ 80, and random bytes and every other adapter's output < 25.
enum ProbeCheck {
    static let ownMinimum = 80
    static let foreignMaximum = 25

    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction.ingests else { return .skipped("the adapter does not read archives") }
        var f = Failures()
        let password = c.intakeOptions.password
        if c.descriptor.direction.exports {
            if case let .success(own) = c.export(0) {
                let s = score(c, own, password: password)
                f.expect(s >= ownMinimum, "own output scores \(s), needs ≥ \(ownMinimum)")
            } else {
                f.fail("sample 0 did not export: nothing of its own to probe")
            }
        }
        // Random bytes: either not an archive at all (fine) or a score below the bar.
        var generator = SplitMix(seed: 0xA11)
        let random = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let randomFile = c.path("random.bin")
        let zipOfRandom = c.path("random.zip")
        do {
            try random.write(to: randomFile)
            let writer = try ArchiveWriter(creating: zipOfRandom, options: ArchiveWriteOptions(format: .zip))
            try writer.add("data.bin", data: random)
            try writer.add("manifest.json", data: random.prefix(200))
            _ = try writer.finish()
        } catch {
            f.fail("cannot prepare random inputs: \(error)")
        }
        for url in [randomFile, zipOfRandom] {
            let s = score(c, url, password: nil)
            f.expect(s < foreignMaximum, "\(url.lastPathComponent) scores \(s)")
        }
        return f.outcome
    }

    /// No other adapter's output scores ≥ 25, compared with at least `minimumForeignOutputs` of them.
    static func foreign(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction.ingests else { return .skipped("the adapter does not read archives") }
        guard let plan = c.samples.first else { return .failed(["the kit has no samples"]) }
        var f = Failures()
        var compared: [String] = []
        for other in c.kit.others where other.descriptor.direction.exports {
            let url = c.path("\(other.descriptor.id).\(other.descriptor.extensions.first ?? "out")")
            let options = ExportOptions(force: true, password: other.descriptor.capabilities.encryption ? ConformanceSamples.password : nil)
            do {
                _ = try other.export(plan, to: url, options: options)
            } catch {
                f.fail("\(other.descriptor.id) cannot export sample 0 to compare with: \(error)")
                continue
            }
            compared.append(other.descriptor.id)
            let s = score(c, url, password: options.password)
            f.expect(s < foreignMaximum, "\(other.descriptor.id)'s output scores \(s), must be < \(foreignMaximum)")
        }
        f.expect(compared.count >= ConformanceKit.minimumForeignOutputs,
                 "compared with \(compared.count) other adapters' outputs (\(compared.joined(separator: ", "))); needs ≥ \(ConformanceKit.minimumForeignOutputs): pass the others to the kit")
        return f.outcome
    }

    /// Scores `url` when it lists as an archive; unlistable input counts as score 0.
    static func score(_ c: ConformanceContext, _ url: URL, password: String?) -> Int {
        guard let listing = try? ArchiveListing.load(url, password: password) else { return 0 }
        return c.adapter.probe(listing)
    }
}

/// A small deterministic generator for the kit's random inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
