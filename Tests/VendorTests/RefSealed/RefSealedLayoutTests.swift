import ArchiveIO
import Foundation
import PlanModel
import RefSealedVendor
import Testing
import VendorKit

/// What a sealed export holds: order.json first, one baked whole-arch STL per stage and the attachment
/// template, counts that match, and only the attachment kinds the system takes.
@Suite struct RefSealedLayoutTests {
    @Test func orderFirstThenOneModelPerArchAndStage() throws {
        let url = try RSeal.sample()
        let reader = try ArchiveReader(contentsOf: url, password: RSeal.password)
        #expect(reader.format == .zip)
        var expected = ["order.json"]
        for arch in RSeal.plan.arches {
            expected += arch.stages.map { String(format: "models/\(arch.jaw.rawValue)-%02d.stl", $0.index) }
            expected.append("models/\(arch.jaw.rawValue)-template.stl")
        }
        #expect(try reader.entries().filter { $0.kind == .file }.map(\.path) == expected)
    }

    @Test func orderListsStagesFlagsAndTheTriangleCountsOfTheModels() throws {
        let url = try RSeal.sample()
        let order = try RSeal.order(url)
        #expect(order["format"] as? String == "aligngate.ref-sealed" && order["numbering"] as? String == "FDI")
        let models = Dictionary(uniqueKeysWithValues: try RSeal.entries(url).map { ($0.path, $0.data) })
        let arches = try #require(order["arches"] as? [[String: Any]])
        #expect(arches.count == RSeal.plan.arches.count)
        for (doc, arch) in zip(arches, RSeal.plan.arches) {
            let stages = try #require(doc["stages"] as? [[String: Any]])
            #expect(stages.map { $0["index"] as? Int } == arch.stages.map(\.index))
            #expect(stages.map { $0["overcorrection"] as? Bool } == arch.stages.map(\.isOvercorrection))
            #expect(stages.map { $0["passive"] as? Bool } == arch.stages.map(\.isPassive))
            for s in stages {
                let file = try #require(s["model"] as? String), data = try #require(models[file])
                #expect(RSeal.triangleCount(data) == s["triangles"] as? Int)
            }
            // Attachment solids are baked in: a stage with more attachments bonded has more triangles.
            let counts = stages.compactMap { $0["triangles"] as? Int }
            #expect(Set(counts).count > 1)
        }
    }

    @Test func teethAreNumberedFDI() throws {
        let arches = try #require(try RSeal.order(try RSeal.sample())["arches"] as? [[String: Any]])
        let contacts = arches.flatMap { ($0["ipr"] as? [[String: Any]] ?? []).compactMap { $0["contact"] as? [Int] } }
        #expect(contacts == RSeal.plan.arches.flatMap { $0.ipr.map { [$0.contact.first.fdi, $0.contact.second.fdi] } })
        let teeth = arches.flatMap { ($0["attachments"] as? [[String: Any]] ?? []).compactMap { $0["tooth"] as? Int } }
        #expect(teeth.allSatisfy { (11...48).contains($0) } && !teeth.isEmpty)
    }

    @Test func precisionCutsAndPowerRidgesAreLeftOutOfOrderAndModels() throws {
        var plan = RSeal.plan
        var ridge = plan.arches[1].attachments[0]
        ridge.template = AttachmentTemplate(kind: .powerRidge, widthMM: 3, heightMM: 1, depthMM: 0.5)
        plan.arches[1].attachments.append(ridge)
        let url = try RSeal.export(plan)
        let arches = try #require(try RSeal.order(url)["arches"] as? [[String: Any]])
        let kinds = arches.flatMap { ($0["attachments"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
        #expect(!kinds.contains("precision-cut") && !kinds.contains("power-ridge") && kinds.contains("button"))
        let carried = plan.arches.flatMap(\.attachments).filter { $0.template.kind != .precisionCut && $0.template.kind != .powerRidge }
        #expect(kinds.count == carried.count)
        // The upper template model holds crowns, gingiva and the carried solids only.
        let upper = plan.arches[0]
        let crowns = upper.teeth.compactMap(\.crown).reduce(upper.gingiva?.triangleCount ?? 0) { $0 + $1.triangleCount }
        let solids = upper.attachments.filter { $0.template.kind != .precisionCut }.reduce(0) { $0 + $1.template.mesh().triangleCount }
        let template = try #require(try RSeal.entries(url).first { $0.path == "models/upper-template.stl" })
        #expect(RSeal.triangleCount(template.data) == crowns + solids)
    }

    @Test func modelsAreBinarySTLInMillimetres() throws {
        let stage0 = try #require(try RSeal.entries(try RSeal.sample()).first { $0.path == "models/upper-00.stl" })
        #expect(String(decoding: stage0.data.prefix(80), as: UTF8.self).hasPrefix("binary STL upper upper-00 case "))
        #expect(stage0.data.count == 84 + 50 * RSeal.triangleCount(stage0.data))
    }
}
