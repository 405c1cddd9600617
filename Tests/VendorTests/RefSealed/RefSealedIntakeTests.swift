import ArchiveIO
import Foundation
import PlanModel
import RefSealedVendor
import Testing
import VendorKit

/// Intake of an unsegmented format: per arch no teeth, the stage-0 model as gingiva, stages with their
/// flags and no poses, attachments, IPR and the case from order.json.
@Suite struct RefSealedIntakeTests {
    @Test func ownExportReadsBackAsModelsAndOrder() throws {
        let url = try RSeal.sample()
        let result = try RSeal.adapter.read(url, options: RSeal.options())
        #expect(result.report.findings.map(\.code) == ["teeth.segmentation-lost"])
        #expect(result.report.findings.first?.severity == .note)
        let read = result.plan
        #expect(read.metadata == RSeal.plan.metadata)
        let stage0 = Dictionary(uniqueKeysWithValues: try RSeal.entries(url).map { ($0.path, $0.data) })
        for (sent, back) in zip(RSeal.plan.arches, read.arches) {
            #expect(back.jaw == sent.jaw && back.teeth.isEmpty)
            #expect(back.stages.map(\.index) == sent.stages.map(\.index))
            #expect(back.stages.map(\.isPassive) == sent.stages.map(\.isPassive))
            #expect(back.stages.map(\.isOvercorrection) == sent.stages.map(\.isOvercorrection))
            #expect(back.stages.allSatisfy { $0.poses.isEmpty })
            #expect(back.ipr == sent.ipr)
            #expect(back.attachments == sent.attachments.filter { $0.template.kind != .precisionCut })
            let model = try #require(stage0["models/\(sent.jaw.rawValue)-00.stl"])
            #expect(back.gingiva?.triangleCount == RSeal.triangleCount(model))
        }
    }

    @Test func reorderedArchiveReadsTheSame() throws {
        let url = try RSeal.sample()
        let out = try RSeal.scratch().appendingPathComponent("reversed.zip")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip, password: RSeal.password))
        for (path, data) in try RSeal.entries(url).reversed() { try writer.add(path, data: data) }
        _ = try writer.finish()
        #expect(try RSeal.adapter.read(out, options: RSeal.options()).plan == RSeal.adapter.read(url, options: RSeal.options()).plan)
    }

    @Test func damagedEntriesAreTypedErrorsNamingTheFile() throws {
        let url = try RSeal.sample()
        let dropped = try RSeal.rewrite(url) { path, data in path == "models/lower-03.stl" ? nil : data }
        expectMalformed(dropped, file: "models/lower-03.stl", mentions: ["missing"])
        let noOrder = try RSeal.rewrite(url) { path, data in path == "order.json" ? nil : data }
        expectMalformed(noOrder, file: "order.json", mentions: ["missing"])
        let badCount = try RSeal.rewrite(url) { path, data in
            guard path == "order.json" else { return data }
            var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var arches = try #require(json["arches"] as? [[String: Any]])
            var stages = try #require(arches[0]["stages"] as? [[String: Any]])
            stages[2]["triangles"] = 7
            arches[0]["stages"] = stages
            json["arches"] = arches
            return try JSONSerialization.data(withJSONObject: json)
        }
        expectMalformed(badCount, file: "models/upper-02.stl", mentions: ["arches[0].stages[2].triangles", "says 7"])
        let badTooth = try RSeal.rewrite(url) { path, data in
            guard path == "order.json" else { return data }
            return Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"tooth\" : 14", with: "\"tooth\" : 19").utf8)
        }
        expectMalformed(badTooth, file: "order.json", mentions: ["arches[0].attachments[", ".tooth"])
    }

    @Test func unknownEntriesAreNotes() throws {
        let extra = try RSeal.rewrite(try RSeal.sample(), extra: [("photos/front.jpg", Data([0xFF, 0xD8]))])
        let result = try RSeal.adapter.read(extra, options: RSeal.options())
        let note = result.report.findings.first { $0.code == "ref-sealed.unknown-entry" }
        #expect(note?.severity == .note && note?.location.file == "photos/front.jpg")
    }

    @Test func modelsInMetresAreSuspect() throws {
        var plan = RSeal.plan
        plan.arches = [plan.arches[0]]
        var arch = plan.arches[0]
        let inMetres = { (m: TriangleMesh?) in m.map { TriangleMesh(positions: $0.positions.map { $0 / 1000 }, indices: $0.indices) } }
        for i in arch.teeth.indices { arch.teeth[i].crown = inMetres(arch.teeth[i].crown) }
        arch.gingiva = inMetres(arch.gingiva)
        arch.attachments = []
        plan.arches[0] = arch
        let result = try RSeal.adapter.read(try RSeal.export(plan), options: RSeal.options())
        let w = result.report.findings.first { $0.code == "ref-sealed.units-suspect" }
        #expect(w?.severity == .warning && w?.location.file == "models/upper-00.stl")
    }

    func expectMalformed(_ url: URL, file: String, mentions words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try RSeal.adapter.read(url, options: RSeal.options())
            Issue.record("read without an error (expected one naming \(file))", sourceLocation: sourceLocation)
        } catch {
            guard case let .malformed(vendor, f, detail) = error else {
                Issue.record("expected malformed, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(vendor == "ref-sealed" && f == file, "\(error)", sourceLocation: sourceLocation)
            for word in words { #expect(detail.contains(word), "'\(detail)' lacks '\(word)'", sourceLocation: sourceLocation) }
        }
    }
}
