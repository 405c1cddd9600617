import Foundation
import Testing

/// `aligngate bench` at a tiny size: it runs every phase and, off a terminal, draws no progress bar.
@Suite struct BenchCLITests {
    @Test func aTinyBenchRunsEveryPhaseAndPrintsJSON() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run("bench", "--stages", "1", "--triangles-per-tooth", "200", "--work-dir", dir.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("\r"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]])
        let phases = try #require(runs.first?["phases"] as? [[String: Any]])
        #expect(phases.count == 4)
        #expect(phases.allSatisfy { ($0["floorSeconds"] as? Double) != nil })
        // The scratch folder inside --work-dir is removed without --keep.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func unknownVendorsAndSizesAreUsageErrors() throws {
        #expect(try CLI.run("bench", "--vendor", "nope", "--stages", "1").status == 2)
        #expect(try CLI.run("bench", "--stages", "0").status == 2)
    }
}
