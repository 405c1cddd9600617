import ArchiveIO
import Foundation
import GenericSTLVendor
import PlanModel
import Testing
import VendorKit

/// Intake of damaged or edited archives, and probing.
@Suite struct GenericSTLIntakeTests {
    @Test func ownExportReadsBackWithoutFindings() throws {
        let (url, _) = try GSTL.sample()
        let result = try GSTL.adapter.read(url, options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings)")
        #expect(result.plan.metadata == GSTL.plan.metadata)
        let upper = try #require(result.plan.arch(.upper)), sent = try #require(GSTL.plan.arch(.upper))
        #expect(upper.stages == sent.stages && upper.attachments == sent.attachments && upper.ipr == sent.ipr)
        #expect(upper.teeth.map(\.frame) == sent.teeth.map(\.frame))
        // Crowns come back from the stage-0 model: the same triangles, corner for corner.
        for (a, b) in zip(sent.teeth, upper.teeth) {
            guard let c = a.crown, let d = b.crown else { #expect(a.crown == nil && b.crown == nil); continue }
            #expect(c.triangleCount == d.triangleCount)
            for t in [0, c.triangleCount / 2, c.triangleCount - 1] {
                #expect(c.vertex(Int(c.triangle(t).0)) == d.vertex(Int(d.triangle(t).0)))
            }
        }
    }

    @Test func reorderedArchiveReadsTheSame() throws {
        let (url, _) = try GSTL.sample()
        let reversed = try GSTL.reversed(url)
        let a = try GSTL.adapter.read(url, options: IntakeOptions())
        let b = try GSTL.adapter.read(reversed, options: IntakeOptions())
        #expect(b.report.findings.isEmpty, "\(b.report.findings)")
        #expect(a.plan == b.plan)
    }

    @Test func missingManifestIsATypedErrorNamingIt() throws {
        let (url, _) = try GSTL.sample()
        let damaged = try GSTL.rewrite(url) { path, data in path == "manifest.json" ? nil : data }
        do {
            _ = try GSTL.adapter.read(damaged, options: IntakeOptions())
            Issue.record("read without manifest.json")
        } catch {
            guard case let .malformed(_, file, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "manifest.json")
        }
    }

    @Test func badManifestValueNamesTheKeyPath() throws {
        let (url, _) = try GSTL.sample()
        let damaged = try GSTL.rewrite(url) { path, data in
            guard path == "manifest.json" else { return data }
            var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var arches = try #require(json["arches"] as? [[String: Any]])
            var teeth = try #require(arches[0]["teeth"] as? [[String: Any]])
            teeth[3]["fdi"] = "eleven"
            arches[0]["teeth"] = teeth
            json["arches"] = arches
            return try JSONSerialization.data(withJSONObject: json)
        }
        do {
            _ = try GSTL.adapter.read(damaged, options: IntakeOptions())
            Issue.record("read a manifest with a string FDI number")
        } catch {
            guard case let .malformed(_, file, detail) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "manifest.json" && detail.contains("arches[0].teeth[3].fdi"), "\(detail)")
        }
    }

    @Test func alteredStageTrianglesAreReported() throws {
        let (url, _) = try GSTL.sample()
        let target = "upper/stage-05.stl"
        let damaged = try GSTL.rewrite(url) { path, data in path == target ? GSTL.nudged(data) : data }
        // In file order, and re-ordered so the model is checked in the deferred pass.
        for archive in [damaged, try GSTL.reversed(damaged)] {
            let result = try GSTL.adapter.read(archive, options: IntakeOptions())
            let found = result.report.findings.filter { $0.code == "generic-stl.stage-mesh-mismatch" }
            #expect(found.count == 1)
            let f = try #require(found.first)
            #expect(f.severity == .error && f.location.file == target && f.location.stage == 5 && f.location.arch == .upper)
            #expect(abs((f.measured ?? 0) - 0.5) < 1e-3 && f.limit == 1e-3)
            #expect(f.location.tooth?.fdi == 17, "the first crown along the upper arch")
        }
    }

    @Test func stageWithOtherTriangleCountIsRefused() throws {
        let (url, _) = try GSTL.sample()
        let damaged = try GSTL.rewrite(url) { path, data in
            guard path == "lower/stage-03.stl" else { return data }
            var stl = data.prefix(data.count - 50)
            withUnsafeBytes(of: UInt32(GSTL.triangleCount(data) - 1).littleEndian) { stl.replaceSubrange(80..<84, with: $0) }
            return Data(stl)
        }
        #expect {
            try GSTL.adapter.read(damaged, options: IntakeOptions())
        } throws: { error in
            guard case let .malformed(_, file, detail) = error as? VendorError else { return false }
            return file == "lower/stage-03.stl" && detail.contains("triangles")
        }
    }

    @Test func missingStageModelIsATypedError() throws {
        let (url, _) = try GSTL.sample()
        let damaged = try GSTL.rewrite(url) { path, data in path == "upper/stage-07.stl" ? nil : data }
        #expect {
            try GSTL.adapter.read(damaged, options: IntakeOptions())
        } throws: { error in
            guard case let .malformed(_, file, _) = error as? VendorError else { return false }
            return file == "upper/stage-07.stl"
        }
    }

    @Test func derivedFilesAreCheckedButNotRequired() throws {
        let (url, _) = try GSTL.sample()
        let damaged = try GSTL.rewrite(url, extra: [("notes/lab.txt", Data("hello".utf8))]) { path, data in
            switch path {
            case "ipr.csv": return nil
            case "movements.csv":
                // Drop the last row.
                var lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
                lines.removeLast()
                return Data((lines.joined(separator: "\n") + "\n").utf8)
            case "README.txt": return Data("edited by hand\n".utf8)
            default: return data
            }
        }
        let result = try GSTL.adapter.read(damaged, options: IntakeOptions())
        func finding(_ code: String, _ file: String) -> Finding? {
            result.report.findings.first { $0.code == code && $0.location.file == file }
        }
        #expect(finding("generic-stl.derived-file-missing", "ipr.csv")?.severity == .warning)
        #expect(finding("generic-stl.table-mismatch", "movements.csv")?.severity == .warning)
        #expect(finding("generic-stl.sheet-mismatch", "README.txt")?.severity == .warning)
        #expect(finding("generic-stl.unknown-entry", "notes/lab.txt")?.severity == .note)
        #expect(result.report.errors.isEmpty)
        #expect(result.plan.arches.map(\.ipr) == GSTL.plan.arches.map(\.ipr))
    }

    @Test func csvNumbersWithinPrintedPrecisionAreAccepted() throws {
        let (url, _) = try GSTL.sample()
        // A spreadsheet that re-saves with CRLF and drops trailing zeros is still the same table.
        let resaved = try GSTL.rewrite(url) { path, data in
            guard path == "movements.csv" else { return data }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
                    guard field.contains("."), Double(field) != nil else { return String(field) }
                    var s = String(field)
                    while s.hasSuffix("0") { s.removeLast() }
                    return s.hasSuffix(".") ? String(s.dropLast()) : s
                }.joined(separator: ",")
            }
            return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
        }
        let result = try GSTL.adapter.read(resaved, options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings)")
    }

    @Test func probeScores() throws {
        let (own, _) = try GSTL.sample()
        #expect(try GSTL.probe(own) == 100)
        let folder = try GSTL.scratch()
        // Random bytes: not an archive at all, or a score of 0.
        var rng = SystemRandomNumberGenerator()
        let random = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) })
        let randomFile = folder.appendingPathComponent("random.bin")
        try random.write(to: randomFile)
        #expect(((try? GSTL.probe(randomFile)) ?? 0) == 0)
        // A zip whose manifest.json is garbage: 0.
        let garbage = folder.appendingPathComponent("garbage.zip")
        let w = try ArchiveWriter(creating: garbage, options: ArchiveWriteOptions(format: .zip))
        try w.add("data.bin", data: random)
        try w.add("manifest.json", data: random.prefix(200))
        _ = try w.finish()
        #expect(try GSTL.probe(garbage) == 0)
        // The layout without the format name: 70 with a manifest, 40 with stage models only.
        let anonymous = try GSTL.rewrite(own) { path, data in path == "manifest.json" ? Data("{}".utf8) : data }
        #expect(try GSTL.probe(anonymous) == 70)
        let bare = try GSTL.rewrite(own) { path, data in path.hasSuffix(".stl") ? data : nil }
        #expect(try GSTL.probe(bare) == 40)
        // Every other adapter's output (alignplan's plan.json + PLY, print-3mf's 3MF files…): 0, in
        // Tests/ConformanceTests (CrossVendorProbeTests).
        // An extracted folder is not read by this adapter, so it is not claimed.
        let extracted = folder.appendingPathComponent("extracted")
        try ArchiveReader(contentsOf: own).extract(to: extracted)
        #expect(try GSTL.probe(extracted) == 0)
    }
}
