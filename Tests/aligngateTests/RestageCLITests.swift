import Foundation
import Testing

/// `aligngate restage` with the ledger: the matrix prices the remedy, restage writes a derived revision
/// that needs its own approval, then approve and export; restaging again changes nothing.
@Suite(.serialized) struct RestageCLITests {
    @Test func checkRestageApproveExport() throws {
        let folder = try CLI.scratch()
        let plan = folder.appendingPathComponent("case.alignplan").path
        let restaged = folder.appendingPathComponent("restaged.alignplan").path
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        // Six aligners: ref-segmented's 1.5° rotation limit is exceeded (1.568° on a canine).
        #expect(try CLI.run("sample", "--out", plan, "--stages", "6", "--triangles-per-tooth", "200").status == 0)

        let check = try CLI.run("check", plan, "--vendor", "ref-segmented", "--vendor", "generic-stl")
        #expect(check.status == 1)
        #expect(check.stdout.contains("restage for ref-segmented: +6 aligners upper, +6 lower (+12 weeks at 14 days)"), "\(check.stdout)")
        let json = try CLI.run("check", plan, "--vendor", "ref-segmented", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let row = (object?["rows"] as? [[String: Any]])?.first
        let price = row?["restage"] as? [String: Any]
        #expect((price?["arches"] as? [[String: Any]])?.compactMap { $0["added"] as? Int } == [6, 6], "\(json.stdout)")
        #expect(price?["addedWeeks"] as? Double == 12)
        #expect(!FileManager.default.fileExists(atPath: restaged))

        let capped = try CLI.run("restage", plan, "--for", "ref-segmented", "--out", restaged, "--max-stages", "8", "--ledger", ledger)
        #expect(capped.status == 1 && capped.stderr.contains("needs 12 aligners"), "\(capped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: restaged))

        let run = try CLI.run("restage", plan, "--for", "ref-segmented", "--out", restaged, "--ledger", ledger)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("upper 6 → 12 aligners, lower 6 → 12") && run.stdout.contains("NOT approved"), "\(run.stdout)")
        #expect(try CLI.run("check", restaged, "--vendor", "ref-segmented").status == 0)

        let archive = folder.appendingPathComponent("case.tar.gz").path
        let refused = try CLI.run("export", restaged, "--vendor", "ref-segmented", "--out", archive, "--ledger", ledger)
        #expect(refused.status == 1 && refused.stderr.contains("no approval"), "\(refused.stderr)")
        #expect(try CLI.run("approve", restaged, "--doctor", "Dr. Ada Moreno", "--ledger", ledger).status == 0)
        let exported = try CLI.run("export", restaged, "--vendor", "ref-segmented", "--out", archive, "--ledger", ledger)
        #expect(exported.status == 0, "\(exported.stderr)")

        let history = try CLI.run("history", "SAMPLE-1", "--ledger", ledger)
        #expect(history.stdout.contains("derived") && history.stdout.contains("restaged for ref-segmented (margin 0.95)"), "\(history.stdout)")
        let events = try JSONSerialization.jsonObject(with: Data(try CLI.run("history", "SAMPLE-1", "--json", "--ledger", ledger).stdout.utf8))
            as? [String: Any]
        let kinds = (events?["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["revision", "revision", "derivation", "approval", "export"], "\(kinds ?? [])")
        #expect(try CLI.run("audit", "verify", "--ledger", ledger).status == 0)

        let again = try CLI.run("restage", restaged, "--for", "ref-segmented", "--out", folder.appendingPathComponent("again.alignplan").path, "--ledger", ledger)
        #expect(again.status == 0 && again.stdout.contains("already fits") && again.stdout.contains("nothing written"), "\(again.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("again.alignplan").path))
    }

    @Test func badMarginIsBadUsage() throws {
        let r = try CLI.run("restage", "x.alignplan", "--for", "ref-segmented", "--out", "y", "--margin", "1.5")
        #expect(r.status == 2 && r.stderr.contains("--margin"), "\(r.stderr)")
    }
}
