import ArchiveIO
import Foundation
import MeshIO
import PlanModel
@testable import RefSegmentedVendor
import Testing
import VendorKit

/// Intake of own, reordered, damaged and edited archives, and probing.
@Suite struct RefSegmentedIntakeTests {
    @Test func ownExportReadsBackWithoutFindings() throws {
        let result = try RSeg.adapter.read(try RSeg.sample(), options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings.map(\.code))")
        let read = result.plan, sent = RSeg.plan
        #expect(read.metadata == sent.metadata)
        #expect(PlanValidator.validate(read).isEmpty)
        for (a, b) in zip(sent.arches, read.arches) {
            #expect(a.teeth.map(\.id) == b.teeth.map(\.id) && a.teeth.map(\.frame) == b.teeth.map(\.frame))
            #expect(a.stages.map(\.isPassive) == b.stages.map(\.isPassive))
            #expect(a.ipr == b.ipr)
            #expect(a.attachments.map(\.tooth) == b.attachments.map(\.tooth))
        }
    }

    @Test func reorderedArchiveReadsTheSame() throws {
        let url = try RSeg.sample()
        let reversed = try RSeg.rewrite(url, reversed: true)
        let a = try RSeg.adapter.read(url, options: IntakeOptions()), b = try RSeg.adapter.read(reversed, options: IntakeOptions())
        #expect(b.report.findings.isEmpty)
        #expect(a.plan == b.plan)
    }

    @Test func aNonRigidMatrixIsRefusedNamingElementAndAttribute() throws {
        let url = try RSeg.sample()
        // Scale the first stage-1 pose by 1.1: no longer a rotation.
        let edited = try RSeg.editingManifest(url) { xml in
            guard let stage = xml.range(of: "<stage index=\"1\""), let pose = xml.range(of: "matrix=\"", range: stage.upperBound..<xml.endIndex),
                  let end = xml[pose.upperBound...].firstIndex(of: "\"") else { return xml }
            let numbers = xml[pose.upperBound..<end].split(separator: " ").compactMap { Double($0) }
            let scaled = numbers.enumerated().map { i, v in (i < 11 && i % 4 != 3) ? v * 1.1 : v }
            return xml.replacingCharacters(in: pose.upperBound..<end, with: scaled.map { "\($0)" }.joined(separator: " "))
        }
        expectMalformed(edited, file: "case.xml", mentions: ["stage[1]/pose[", "@matrix", "not a rigid transform"])
    }

    @Test func aPrimaryLetterIsRefused() throws {
        let edited = try RSeg.editingManifest(try RSeg.sample()) { $0.replacingOccurrences(of: "<tooth number=\"6\"", with: "<tooth number=\"C\"") }
        expectMalformed(edited, file: "case.xml", mentions: ["tooth", "@number", "primary"])
    }

    @Test func badValuesNameTheirElement() throws {
        let url = try RSeg.sample()
        let cases: [(String, String, [String])] = [
            ("units=\"mm\"", "units=\"in\"", ["@units"]),
            ("version=\"1.0\" units", "version=\"2.0\" units", ["@version", "newer"]),
            ("<stage index=\"2\" passive=\"false\"", "<stage index=\"2\" passive=\"maybe\"", ["stage[2]", "@passive"]),
            ("<wearDays>", "<wearDays>x", ["case/wearDays"]),
            ("<tooth number=\"8\" status=\"present\"", "<tooth number=\"8\" status=\"gone\"", ["tooth[8]", "@status"]),
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x [<!ENTITY a \"b\">]>", ["DOCTYPE"]),
            ("</refSegmentedCase>", "</refSegmentedCase", ["not well-formed"]),
        ]
        for (old, new, words) in cases {
            let edited = try RSeg.editingManifest(url) { $0.replacingOccurrences(of: old, with: new) }
            expectMalformed(edited, file: "case.xml", mentions: words)
        }
    }

    @Test func missingOrMiscountedMeshesAreTypedErrorsNamingTheFile() throws {
        let url = try RSeg.sample()
        let dropped = try RSeg.rewrite(url) { path, data in path == "teeth/lower/tooth-24.ply" ? nil : data }
        expectMalformed(dropped, file: "teeth/lower/tooth-24.ply", mentions: ["missing"])
        let miscounted = try RSeg.editingManifest(url) { xml in
            guard let r = xml.range(of: "file=\"teeth/upper/tooth-8.ply\" triangles=\"") else { return xml }
            return xml.replacingCharacters(in: r, with: "file=\"teeth/upper/tooth-8.ply\" triangles=\"9")
        }
        expectMalformed(miscounted, file: "teeth/upper/tooth-8.ply", mentions: ["case.xml says"])
        let garbage = try RSeg.rewrite(url) { path, data in path == "teeth/upper/tooth-8.ply" ? Data("ply\ngarbage".utf8) : data }
        #expect(throws: VendorError.self) { try RSeg.adapter.read(garbage, options: IntakeOptions()) }
        let noManifest = try RSeg.rewrite(url) { path, data in path == "case.xml" ? nil : data }
        expectMalformed(noManifest, file: "case.xml", mentions: ["missing"])
    }

    @Test func swappedCrownsOfTheSameSizeAreTypedErrorsNamingTheFileAndTooth() throws {
        let url = try RSeg.sample()
        let files = Dictionary(try RSeg.entries(url).map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a })
        // Same triangle count (the count check cannot tell them apart): neighbours, and teeth across the arch.
        for (a, b) in [("8", "9"), ("3", "14"), ("24", "25")] {
            let jaw = Int(a).map { $0 <= 16 } == true ? "upper" : "lower"
            let pa = "teeth/\(jaw)/tooth-\(a).ply", pb = "teeth/\(jaw)/tooth-\(b).ply"
            let da = try #require(files[pa]), db = try #require(files[pb])
            #expect(try PLYCodec.decode(da, source: pa).triangleCount == (try PLYCodec.decode(db, source: pb)).triangleCount)
            let swapped = try RSeg.rewrite(url) { path, data in path == pa ? db : path == pb ? da : data }
            do {
                _ = try RSeg.adapter.read(swapped, options: IntakeOptions())
                Issue.record("tooth-\(a) and tooth-\(b) swapped read without an error")
            } catch {
                guard case let .malformed(vendor, file, detail) = error else { Issue.record("expected malformed, got \(error)"); continue }
                let tooth = file == pa ? a : b
                #expect(vendor == "ref-segmented" && [pa, pb].contains(file), "\(error)")
                #expect(detail.contains("not the crown of tooth \(tooth) ") && detail.contains("frame origin"), "\(detail)")
            }
        }
    }

    @Test func aCrownPlacementCheckAllowsAFrameOriginOnTheCrownSurfaceButNotBeyond() throws {
        let plan = RSeg.plan
        let tooth = try #require(plan.arches.first?.teeth.first { $0.crown != nil })
        let crown = try #require(tooth.crown)
        var frame = tooth.frame
        #expect(CrownPlacement.mismatch(crown, frame) == nil)
        // The origin pushed out along the long axis to just past the crown's top, then 2 mm beyond it.
        let top = stride(from: 0, to: crown.positions.count, by: 3).map { i in
            (Vector3(Double(crown.positions[i]), Double(crown.positions[i + 1]), Double(crown.positions[i + 2])) - frame.origin).dot(frame.longAxis)
        }.max() ?? 0
        frame.origin = tooth.frame.origin + frame.longAxis * (top + 0.5)
        #expect(CrownPlacement.mismatch(crown, frame) == nil)
        frame.origin = tooth.frame.origin + frame.longAxis * (top + 2)
        #expect(CrownPlacement.mismatch(crown, frame)?.contains("along its long axis") == true)
    }

    @Test func anUnknownEntryIsANote() throws {
        let extra = try RSeg.rewrite(try RSeg.sample(), extra: [("scan/notes.txt", Data("x".utf8))])
        let result = try RSeg.adapter.read(extra, options: IntakeOptions())
        #expect(result.report.findings.map(\.code) == ["ref-segmented.unknown-entry"])
        #expect(result.report.findings.first?.location.file == "scan/notes.txt")
    }

    @Test func probeScores() throws {
        let url = try RSeg.sample()
        #expect(RSeg.adapter.probe(try ArchiveListing.load(url)) == 100)
        // The layout without the format name (case.xml rewritten by another tool) is a strong hint.
        let renamed = try RSeg.editingManifest(url) { $0.replacingOccurrences(of: "aligngate.ref-segmented", with: "someone.else") }
        let layout = RSeg.adapter.probe(try ArchiveListing.load(renamed))
        #expect((50...70).contains(layout))
        let teethOnly = try RSeg.rewrite(url) { path, data in path == "case.xml" ? nil : data }
        #expect(RSeg.adapter.probe(try ArchiveListing.load(teethOnly)) < 50)
        // Picking it among every adapter: Tests/ConformanceTests (CrossVendorProbeTests).
    }

    func expectMalformed(_ url: URL, file: String, mentions words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try RSeg.adapter.read(url, options: IntakeOptions())
            Issue.record("read without an error (expected one naming \(file))", sourceLocation: sourceLocation)
        } catch {
            guard case let .malformed(vendor, f, detail) = error else {
                Issue.record("expected malformed, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(vendor == "ref-segmented" && f == file, "\(error)", sourceLocation: sourceLocation)
            for word in words { #expect(detail.contains(word), "'\(detail)' lacks '\(word)'", sourceLocation: sourceLocation) }
        }
    }
}
