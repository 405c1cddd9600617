import Foundation
import MeshIO
import PlanModel
import Teeth3DSVendor
import Testing
import VendorKit

/// Export (FORMAT.md, "Layout", "Export"): the files, the JSON as the data set writes it, one label per
/// vertex matching the part it came from, the chosen stage, and the check's findings.
@Suite struct Teeth3DSLayoutTests {
    @Test func exportWritesOneFolderWithAMeshAndLabelsPerJaw() throws {
        let url = try T3DS.export()
        let id = T3DS.plan.metadata.caseID
        #expect(id == "SAMPLE-5")
        #expect(try T3DS.entries(url).map(\.path) == ["\(id)/\(id)_upper.obj", "\(id)/\(id)_upper.json",
                                                      "\(id)/\(id)_lower.obj", "\(id)/\(id)_lower.json"])
    }

    @Test func labelsFileIsWrittenAsTheDataSetWritesIt() throws {
        let files = Dictionary(uniqueKeysWithValues: try T3DS.entries(T3DS.export()).map { ($0.path, $0.data) })
        let upper = try #require(files["SAMPLE-5/SAMPLE-5_upper.json"])
        let text = String(decoding: upper, as: UTF8.self)
        #expect(text.hasPrefix("{\"id_patient\": \"SAMPLE-5\", \"jaw\": \"upper\", \"labels\": ["))
        #expect(text.contains("], \"instances\": [") && text.hasSuffix("]}"))
        let object = try T3DS.json(upper)
        #expect(object["id_patient"] as? String == "SAMPLE-5" && object["jaw"] as? String == "upper")
        #expect(Set(object.keys) == ["id_patient", "jaw", "labels", "instances"])
    }

    /// Every vertex carries the FDI number of the crown it came from (0 for the gingiva), instances count
    /// the crowns along the arch, and the crowns and gingiva are there vertex for vertex.
    @Test func labelsMatchTheToothEachVertexCameFrom() throws {
        let files = Dictionary(uniqueKeysWithValues: try T3DS.entries(T3DS.export()).map { ($0.path, $0.data) })
        for arch in T3DS.plan.arches {
            let stem = "SAMPLE-5/SAMPLE-5_\(arch.jaw.rawValue)"
            let mesh = try OBJCodec.decode(try #require(files[stem + ".obj"]), source: stem + ".obj")
            let object = try T3DS.json(try #require(files[stem + ".json"]))
            let labels = T3DS.ints(object, "labels"), instances = T3DS.ints(object, "instances")
            #expect(labels.count == mesh.vertexCount && instances.count == mesh.vertexCount)
            var v = 0, t = 0
            let crowns = StageBaker.orderedCrowns(arch)
            #expect(crowns.map(\.id) == arch.teeth.map(\.id), "the sample lists its teeth along the arch")
            for (k, tooth) in crowns.enumerated() {
                let crown = try #require(tooth.crown)
                let range = v..<(v + crown.vertexCount)
                #expect(labels[range].allSatisfy { $0 == tooth.id.fdi }, "tooth \(tooth.id)")
                #expect(instances[range].allSatisfy { $0 == k + 1 }, "tooth \(tooth.id)")
                #expect(Array(mesh.positions[(3 * v)..<(3 * range.upperBound)]) == crown.positions, "tooth \(tooth.id): positions")
                let faces = mesh.indices[(3 * t)..<(3 * (t + crown.triangleCount))].map { $0 - UInt32(v) }
                #expect(faces == crown.indices, "tooth \(tooth.id): faces")
                v = range.upperBound
                t += crown.triangleCount
            }
            let gingiva = try #require(arch.gingiva)
            #expect(labels[v...].allSatisfy { $0 == 0 } && instances[v...].allSatisfy { $0 == 0 })
            #expect(mesh.vertexCount - v == gingiva.vertexCount && mesh.triangleCount - t == gingiva.triangleCount)
        }
    }

    /// `Teeth3DSAdapter(stage:)` writes the crowns posed at that stage; an arch that ends earlier holds its last.
    @Test func aChosenStageIsWrittenPosed() throws {
        let last = try #require(T3DS.plan.arches.first?.stages.last?.index)
        for (requested, expected) in [(2, 2), (last + 5, last)] {
            let url = try T3DS.export(adapter: Teeth3DSAdapter(stage: requested))
            let read = try T3DS.adapter.read(url, options: IntakeOptions()).plan
            for (sent, back) in zip(T3DS.plan.arches, read.arches) {
                #expect(back.stages.map(\.index) == [0])
                for tooth in sent.teeth {
                    let posed = tooth.crown?.transformed(by: sent.pose(of: tooth.id, atStage: expected))
                    let same = back.tooth(tooth.id)?.crown == posed
                    #expect(same, "tooth \(tooth.id) at stage \(expected)")
                }
            }
        }
    }

    @Test func checkReportsWhatTheFormatLoses() throws {
        let report = T3DS.adapter.check(T3DS.plan)
        let dropped = report.findings.filter { $0.code == "teeth3ds.stages-dropped" }
        #expect(dropped.map(\.severity) == [.warning, .warning])
        #expect(dropped.map(\.location.arch) == [.upper, .lower])
        #expect(dropped.first?.measured == Double(T3DS.plan.arches[0].stages.count - 1))
        #expect(report.findings.contains { $0.code == "teeth3ds.frames-estimated" && $0.severity == .note })
        #expect(report.findings.contains { $0.code == "teeth3ds.no-case-metadata" && $0.severity == .note })
        #expect(report.findings.contains { $0.code == FindingCode.iprUnsupported })
        #expect(report.findings.contains { $0.code == FindingCode.attachmentKindUnsupported })
        #expect(!report.findings.contains { $0.code == "teeth3ds.case-id-changed" || $0.code == "teeth3ds.tooth-status-lost" })
        #expect(report.verdict == .lossy)
        #expect(T3DS.adapter.check(T3DS.initialOnly(T3DS.plan)).findings.allSatisfy { $0.code != "teeth3ds.stages-dropped" })
    }

    @Test func caseIDOutsideTheSafeCharactersIsWrittenChanged() throws {
        var plan = T3DS.plan
        plan.metadata.caseID = "Case 7/ü"
        #expect(Teeth3DSFormat.patientID(forCaseID: plan.metadata.caseID) == "Case_7__")
        #expect(T3DS.adapter.check(plan).findings.contains { $0.code == "teeth3ds.case-id-changed" && $0.severity == .warning })
        #expect(try T3DS.entries(T3DS.export(plan)).first?.path == "Case_7__/Case_7___upper.obj")
        #expect(try T3DS.adapter.read(T3DS.export(plan), options: IntakeOptions()).plan.metadata.caseID == "Case_7__")
    }

    @Test func implantsAndDistalMissingTeethAreReportedLost() throws {
        var plan = T3DS.initialOnly(T3DS.plan)
        let implant = try #require(plan.arches[0].teeth.firstIndex { $0.id.fdi == 21 })
        plan.arches[0].teeth[implant].status = .implant
        let last = try #require(plan.arches[1].teeth.firstIndex { $0.id.fdi == 37 })
        plan.arches[1].teeth[last].status = .missing
        plan.arches[1].teeth[last].crown = nil
        for s in plan.arches[1].stages.indices { plan.arches[1].stages[s].poses[plan.arches[1].teeth[last].id] = nil }
        let lost = T3DS.adapter.check(plan).findings.filter { $0.code == "teeth3ds.tooth-status-lost" }
        #expect(lost.map(\.location.arch) == [.upper, .lower])
        #expect(lost.allSatisfy { $0.severity == .warning })
        let read = try T3DS.adapter.read(T3DS.export(plan), options: IntakeOptions()).plan
        #expect(read.arches[0].tooth(try ToothID(fdi: 21))?.status == .present)
        #expect(read.arches[1].teeth.map(\.id.fdi) == [47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36])
    }

    @Test func probeClaimsTheArchiveAndTheFolderForm() throws {
        let url = try T3DS.export()
        #expect(T3DS.adapter.probe(try ArchiveListing.load(url)) == 90)
        let folder = try T3DS.scratch()
        for (path, data) in try T3DS.entries(url) {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
        #expect(T3DS.adapter.probe(try ArchiveListing.load(folder)) == 90)
        let fromFolder = try T3DS.adapter.read(folder, options: IntakeOptions())
        let fromZip = try T3DS.adapter.read(url, options: IntakeOptions())
        let same = fromFolder.plan == fromZip.plan  // compared outside #expect: a plan is never printed
        #expect(same, "the folder form reads as the zip does")
        // Without the labels' keys in sight, or without labels at all, the score stays below the bar.
        let unlabelled = try T3DS.rewrite(url) { path, data in path.hasSuffix(".json") ? Data("{}".utf8) : data }
        #expect(T3DS.adapter.probe(try ArchiveListing.load(unlabelled)) == 40)
        let meshesOnly = try T3DS.rewrite(url) { path, data in path.hasSuffix(".json") ? nil : data }
        #expect(T3DS.adapter.probe(try ArchiveListing.load(meshesOnly)) == 15)
    }
}
