import Foundation
import Testing

/// `aligngate intake` of an STL series: the recovery's decisions as the `recovery` object in --json and
/// in words in the text output; `bench --vendor stl-series` runs it against generic-stl.
@Suite struct SeriesIntakeCLITests {
    /// The sample exported as an STL series zip, and a ledger path, in a fresh folder.
    func series() throws -> (folder: URL, zip: String, ledger: String) {
        let folder = try CLI.scratch()
        let plan = folder.appendingPathComponent("case.alignplan").path
        let zip = folder.appendingPathComponent("series.zip").path
        let made = try CLI.run("sample", "--out", plan, "--stages", "3", "--triangles-per-tooth", "200", "--seed", "3")
        #expect(made.status == 0, "\(made.stderr)")
        let exported = try CLI.run("export", plan, "--vendor", "stl-series", "--out", zip, "--allow-unapproved", "--force",
                                   "--ledger", folder.appendingPathComponent("export.sqlite").path)
        #expect(exported.status == 0, "\(exported.stderr)")
        return (folder, zip, folder.appendingPathComponent("ledger.sqlite").path)
    }

    @Test func jsonCarriesTheRecoveryDecisions() throws {
        let (folder, zip, ledger) = try series()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CLI.run("intake", zip, "--json", "--ledger", ledger)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["vendor"] as? String == "stl-series")
        let recovery = try #require(json["recovery"] as? [String: Any])
        let files = try #require(recovery["files"] as? [[String: Any]])
        #expect(files.count == 8)  // 2 arches × stages 0…3
        #expect(files.allSatisfy { $0["path"] is String && $0["jaw"] is String && $0["readAs"] is String && $0["stage"] is Int })
        let arches = try #require(recovery["arches"] as? [[String: Any]])
        #expect(arches.compactMap { $0["jaw"] as? String } == ["upper", "lower"])
        for arch in arches {
            let shells = try #require(arch["shells"] as? [[String: Any]])
            #expect(shells.contains { $0["classification"] as? String == "tooth" } && shells.contains { $0["classification"] as? String == "gingiva" })
            let tracks = try #require(arch["tracks"] as? [[String: Any]])
            #expect(tracks.count == 14 * 3)  // every tooth at stages 1…3
            #expect(tracks.allSatisfy { $0["method"] as? String == "correspondence" && ($0["rmsResidualMM"] as? Double).map { $0 < 1e-3 } == true })
            let numbering = try #require(arch["numbering"] as? [[String: Any]])
            #expect(numbering.count == 14 && numbering.allSatisfy { ["high", "low"].contains($0["confidence"] as? String ?? "") })
            let residuals = try #require(arch["residuals"] as? [String: Any])
            #expect((residuals["worstMM"] as? Double).map { $0 < 1e-3 } == true && residuals["limitMM"] as? Double == 0.05)
            #expect((arch["attachments"] as? [[String: Any]])?.isEmpty == false)
        }
    }

    @Test func textPrintsTheSameInWords() throws {
        let (folder, zip, ledger) = try series()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CLI.run("intake", zip, "--ledger", ledger)
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["recovered from geometry:", "upper stage 0 ← ", "shells at stage 0:", "numbered by geometry:", "confidence high",
                     "tracking: 42 tooth poses, 42 by vertex correspondence", "RMS residuals: mean", "tooth 11: worst", "worst per stage: 1 ",
                     "attachment solid on"] {
            #expect(r.stdout.contains(line), "missing: \(line)")
        }
    }

    @Test func benchAcceptsTheSeriesAndComparesItWithGenericSTL() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run("bench", "--vendor", "stl-series", "--stages", "1", "--triangles-per-tooth", "200", "--work-dir", dir.path, "-q")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("intake stl-series") && r.stdout.contains("intake generic-stl"))
        #expect(r.stdout.contains("stl-series intake (with recovery) vs generic-stl intake:"))
        #expect(!r.stdout.contains("REJECTED"))
    }
}
