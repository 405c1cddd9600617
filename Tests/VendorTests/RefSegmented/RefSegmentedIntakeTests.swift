import ArchiveIO
import Foundation
import Gateway
import PlanModel
import RefSegmentedVendor
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
        // The gateway picks it among every adapter.
        #expect(try Probe.choose(try ArchiveListing.load(url), adapters: try Registry.standard().adapters).descriptor.id == "ref-segmented")
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
