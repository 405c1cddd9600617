import Foundation
import PlanModel
@testable import Teeth3DSVendor
import Testing
import VendorKit

/// Intake (FORMAT.md, "Intake"): crowns recovered triangle for triangle, the JSON's rules as typed errors
/// naming the file, boundary triangles by majority, missing teeth from gaps, one patient per archive.
@Suite struct Teeth3DSIntakeTests {
    static let upperJSON = "SAMPLE-5/SAMPLE-5_upper.json"

    /// The `malformed` error reading `url` gives, as (file, detail); nil if it reads.
    static func malformed(_ url: URL) -> (file: String, detail: String)? {
        do {
            _ = try T3DS.adapter.read(url, options: IntakeOptions())
            return nil
        } catch {
            if case let .malformed(_, file, detail) = error { return (file, detail) }
            return ("not malformed", error.description)
        }
    }

    @Test func intakeRecoversEveryCrownTriangleForTriangle() throws {
        let result = try T3DS.adapter.read(T3DS.export(), options: IntakeOptions())
        let read = result.plan
        #expect(read.metadata.caseID == "SAMPLE-5" && read.metadata.patientReference == "SAMPLE-5")
        #expect(read.metadata.created == Date(timeIntervalSince1970: 0))
        #expect(read.arches.map(\.jaw) == [.upper, .lower])
        for (sent, back) in zip(T3DS.plan.arches, read.arches) {
            #expect(back.teeth.map(\.id) == sent.teeth.map(\.id))
            for (t, u) in zip(sent.teeth, back.teeth) {
                // Written contiguously, every vertex used: the crown comes back identical, vertex order too.
                let same = t.crown == u.crown
                #expect(same, "tooth \(t.id): crown differs")
                #expect(u.status == .present)
            }
            let sameGingiva = sent.gingiva == back.gingiva
            #expect(sameGingiva, "\(sent.jaw) gingiva differs")
            #expect(back.stages.map(\.index) == [0])
            let identity = back.stages.first.map { $0.poses.count == 14 && $0.poses.values.allSatisfy { $0 == .identity } } ?? false
            #expect(identity, "stage 0: an identity pose per crown")
            #expect(back.attachments.isEmpty && back.ipr.isEmpty)
        }
        #expect(PlanValidator.validate(read).isEmpty)
        let codes = result.report.findings.map(\.code)
        #expect(codes == ["teeth3ds.frames-estimated", "teeth3ds.frames-estimated", "teeth3ds.no-case-metadata"])
    }

    /// One rule of the labels file, broken by `change`; the error must contain `words`.
    struct Broken: Sendable, CustomTestStringConvertible {
        var rule: String
        var words: String
        var change: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { rule }
    }

    static let broken: [Broken] = [
        Broken(rule: "label count", words: "\"labels\" has") { o in o["labels"] = Array((o["labels"] as? [Any] ?? []).dropLast()) },
        Broken(rule: "invalid FDI", words: "labels[0] is 19, not an FDI tooth number") { o in setFirst(&o, "labels", 19) },
        Broken(rule: "other jaw's tooth", words: "labels[0] is 31, a lower-jaw tooth") { o in setFirst(&o, "labels", 31) },
        Broken(rule: "wrong jaw", words: "\"jaw\" is \"lower\" but the file name says upper") { o in o["jaw"] = "lower" },
        Broken(rule: "unknown jaw", words: "\"jaw\" is \"maxilla\"") { o in o["jaw"] = "maxilla" },
        Broken(rule: "gingiva instance", words: "vertex 0 has label 17 but instance 0") { o in setFirst(&o, "instances", 0) },
        Broken(rule: "tooth in two instances", words: "each tooth is one instance") { o in setFirst(&o, "instances", 2) },
        Broken(rule: "no instances", words: "no \"instances\"") { o in o["instances"] = nil },
        Broken(rule: "labels not integers", words: "labels[0]: expected an integer") { o in setFirst(&o, "labels", "17") },
    ]

    @Test(arguments: broken)
    func malformedLabelsAreTypedErrorsNamingTheFile(_ broken: Broken) throws {
        let url = try T3DS.rewrite(T3DS.export()) { path, data in
            path == Self.upperJSON ? try T3DS.editedJSON(data, broken.change) : data
        }
        let error = try #require(Self.malformed(url), "\(broken.rule): read without an error")
        #expect(error.file == Self.upperJSON, "\(broken.rule)")
        #expect(error.detail.contains(broken.words), "\(broken.rule): \(error.detail)")
    }

    static func setFirst(_ o: inout [String: Any], _ key: String, _ value: Any) {
        var list = o[key] as? [Any] ?? []
        if !list.isEmpty { list[0] = value }
        o[key] = list
    }

    @Test func brokenFilesAreTypedErrors() throws {
        let url = try T3DS.export()
        let notJSON = try T3DS.rewrite(url) { path, data in path == Self.upperJSON ? Data("{\"id_patient\": ".utf8) : data }
        #expect(Self.malformed(notJSON)?.detail.contains("not valid JSON") == true)
        let noLabels = try T3DS.rewrite(url) { path, data in path == Self.upperJSON ? nil : data }
        #expect(Self.malformed(noLabels)?.file == Self.upperJSON)
        let noMesh = try T3DS.rewrite(url) { path, data in path.hasSuffix("_lower.obj") ? nil : data }
        #expect(Self.malformed(noMesh)?.file == "SAMPLE-5/SAMPLE-5_lower.obj")
        let garbage = try T3DS.rewrite(url) { path, data in path.hasSuffix("_upper.obj") ? Data("v 1 2\n".utf8) : data }
        #expect(Self.malformed(garbage)?.file == "not malformed")  // a MeshReadError naming the OBJ
        let twoPatients = try T3DS.rewrite(url, extra: [("OTHER/OTHER_upper.obj", Data()), ("OTHER/OTHER_upper.json", Data())]) { _, d in d }
        #expect(Self.malformed(twoPatients)?.detail.contains("2 patients") == true)
        let nothing = try T3DS.zip([("readme.txt", Data("hello".utf8))])
        #expect(Self.malformed(nothing)?.detail.contains("not a Teeth3DS scan set") == true)
    }

    @Test func otherEntriesAreNotedAndAnIDMismatchIsAWarning() throws {
        let url = try T3DS.rewrite(T3DS.export(), extra: [("SAMPLE-5/notes.txt", Data("x".utf8))]) { path, data in
            path == Self.upperJSON ? try T3DS.editedJSON(data) { $0["id_patient"] = "SOMEONE" } : data
        }
        let result = try T3DS.adapter.read(url, options: IntakeOptions())
        #expect(result.report.findings.contains { $0.code == "teeth3ds.unknown-entry" && $0.location.file == "SAMPLE-5/notes.txt" })
        let mismatch = result.report.findings.filter { $0.code == "teeth3ds.id-mismatch" }
        #expect(mismatch.count == 2 && mismatch.allSatisfy { $0.severity == .warning })
        #expect(result.plan.metadata.caseID == "SOMEONE")
    }

    /// Triangles across labels go to the majority label; three different labels go to the gingiva.
    @Test func mixedLabelTrianglesGoToTheMajority() throws {
        // Vertices 0–3 tooth 11, 4–7 tooth 21 (7 unused), 8–11 gingiva.
        let points = (0..<12).map { i in "v \(Double(i % 6) * 2) \(Double(i / 6) * 3) \(i >= 8 ? 4 : 0)" }
        let faces = ["1 2 3", "2 3 4", "5 6 7", "3 4 9", "4 9 10", "4 5 9", "9 10 11", "10 11 12"].map { "f \($0)" }
        let obj = Data((["# hand-made"] + points + faces).joined(separator: "\n").utf8)
        let labels = [11, 11, 11, 11, 21, 21, 21, 21, 0, 0, 0, 0]
        let json = T3DS.labelsJSON(id: "P1", jaw: "upper", labels: labels, instances: labels.map { $0 == 11 ? 1 : $0 == 21 ? 2 : 0 })
        let result = try T3DS.adapter.read(try T3DS.zip([("P1/P1_upper.obj", obj), ("P1/P1_upper.json", json)]), options: IntakeOptions())
        let arch = try #require(result.plan.arches.first)
        let t11 = try #require(arch.tooth(ToothID(fdi: 11))?.crown)
        let t21 = try #require(arch.tooth(ToothID(fdi: 21))?.crown)
        let gingiva = try #require(arch.gingiva)
        #expect(t11.indices == [0, 1, 2, 1, 2, 3, 2, 3, 4] && t11.vertexCount == 5)  // (11, 11, 0) joined tooth 11
        #expect(t21.indices == [0, 1, 2] && t21.vertexCount == 3)  // the unused vertex 7 is dropped
        #expect(gingiva.triangleCount == 4 && gingiva.vertexCount == 6)  // (11, 0, 0) and (11, 21, 0) went to the gingiva
        #expect(Array(t11.positions[12..<15]) == [4, 3, 4], "vertex 8, re-indexed as the crown's 5th")
        let boundary = result.report.findings.first { $0.code == "teeth3ds.boundary-triangles" }
        #expect(boundary?.measured == 3 && boundary?.location.file == "P1/P1_upper.obj")
        for tooth in arch.teeth { #expect(tooth.frame.isOrthonormal()) }
    }

    /// A gap inside a quadrant is a missing tooth; a primary tooth in the place is not a gap.
    @Test func gapsInTheArchAreMissingTeeth() throws {
        func ids(_ fdis: [Int]) -> Set<ToothID> { Set(fdis.compactMap { try? ToothID(fdi: $0) }) }
        #expect(Teeth3DSReader.missingTeeth(present: ids([11, 12, 13, 15, 16, 21])) == ids([14]))
        #expect(Teeth3DSReader.missingTeeth(present: ids([11, 12, 16, 53, 54, 55])).isEmpty)
        #expect(Teeth3DSReader.missingTeeth(present: ids([11, 51, 53])) == ids([52]))
        #expect(Teeth3DSReader.missingTeeth(present: ids([41, 42, 43, 44, 45, 46, 47])).isEmpty)
    }
}
