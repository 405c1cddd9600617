import ArchiveIO
import Foundation
import PlanModel
import Testing
import VendorKit
@testable import DicomSTLVendor

/// Intake of the adapter's own archives and of edited ones: what the unsegmented plan holds, and the
/// typed error (naming the file and the attribute) for every inconsistency.
@Suite struct DicomSTLIntakeTests {
    /// The archive with `transform` applied to the bytes of `target`.
    static func edited(_ target: String, _ transform: (Data) -> Data?) throws -> URL {
        try DSTL.rewrite(try DSTL.sample()) { path, data in path == target ? try #require(transform(data)) : data }
    }

    /// Expects a `.malformed` error naming `file` whose detail contains `words`.
    static func expectRefusal(_ url: URL, file: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = DSTL.malformed(DSTL.readError(url))
        #expect(found?.file == file, "refused as \(found?.file ?? "nothing")", sourceLocation: sourceLocation)
        #expect(found?.detail.contains(words) == true, "\(found?.detail ?? "read without error")", sourceLocation: sourceLocation)
    }

    @Test func ownExportReadsBackAsAnUnsegmentedPlan() throws {
        let result = try DSTL.adapter.read(try DSTL.sample(), options: IntakeOptions())
        let sent = DSTL.plan, read = result.plan
        #expect(result.report.findings.map(\.code) == Array(repeating: "dicom-stl.unsegmented", count: sent.arches.count))
        #expect(result.report.findings.allSatisfy { $0.severity == .note && $0.location.file?.hasSuffix("stage-00.dcm") == true })
        #expect(read.metadata.caseID == sent.metadata.caseID)
        #expect(read.metadata.patientReference == sent.metadata.patientReference)
        #expect(read.metadata.doctor == sent.metadata.doctor)
        #expect(read.metadata.created == sent.metadata.created)
        #expect(read.metadata.wearIntervalDays == 14 && read.metadata.clinic.isEmpty && read.metadata.notes.isEmpty)
        #expect(read.arches.map(\.jaw) == sent.arches.map(\.jaw))
        for (a, b) in zip(sent.arches, read.arches) {
            #expect(b.teeth.isEmpty && b.attachments.isEmpty && b.ipr.isEmpty)
            #expect(b.stages.map(\.index) == a.stages.map(\.index))
            #expect(b.stages.map(\.isPassive) == a.stages.map(\.isPassive))
            #expect(b.stages.map(\.isOvercorrection) == a.stages.map(\.isOvercorrection))
            #expect(b.stages.allSatisfy { $0.poses.isEmpty })
            // The gingiva is the whole baked stage-0 model, corner for corner.
            let baked = StageBaker.model(a, stage: 0).mesh, gingiva = try #require(b.gingiva)
            #expect(gingiva.triangleCount == baked.triangleCount)
            var worst = 0.0
            for t in stride(from: 0, to: baked.triangleCount, by: 7) {
                let (p, q, r) = baked.triangle(t), (u, v, w) = gingiva.triangle(t)
                for (i, j) in [(p, u), (q, v), (r, w)] {
                    worst = max(worst, baked.vertex(Int(i)).maxDifference(to: gingiva.vertex(Int(j))))
                }
            }
            #expect(worst == 0)
        }
        // An arch without teeth is a well-formed plan.
        #expect(PlanValidator.validate(read).map(\.code.rawValue) == [])
    }

    @Test func passiveAndOvercorrectionFlagsSurvive() throws {
        var plan = DSTL.plan
        try #require(plan.arches.count == 2 && plan.arches.allSatisfy { $0.stages.count > 3 })
        plan.arches[0].stages[2].isPassive = true
        plan.arches[0].stages[3].isOvercorrection = true
        plan.arches[1].stages[1].isOvercorrection = true
        let read = try DSTL.adapter.read(try DSTL.export(plan), options: IntakeOptions()).plan
        for (a, b) in zip(plan.arches, read.arches) {
            #expect(b.stages.map(\.isPassive) == a.stages.map(\.isPassive))
            #expect(b.stages.map(\.isOvercorrection) == a.stages.map(\.isOvercorrection))
        }
    }

    @Test func reorderedEntriesReadTheSame() throws {
        let url = try DSTL.sample()
        let out = try DSTL.scratch().appendingPathComponent("reversed.zip")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in try DSTL.entries(url).reversed() { try writer.add(path, data: data) }
        _ = try writer.finish()
        let a = try DSTL.adapter.read(url, options: IntakeOptions()).plan
        let b = try DSTL.adapter.read(out, options: IntakeOptions()).plan
        let same = a == b
        #expect(same, "the plans read differ")
    }

    @Test func studyMustBeOneAcrossFiles() throws {
        let study = try #require(DicomCase(DSTL.plan.metadata)).studyUID
        let other = String(study.dropLast()) + (study.last == "1" ? "2" : "1")
        let url = try Self.edited("lower/stage-01.dcm") { DSTL.setting($0, .studyInstanceUID, other) }
        Self.expectRefusal(url, file: "lower/stage-01.dcm", "StudyInstanceUID")
    }

    @Test func seriesMustBeOnePerArch() throws {
        let c = try #require(DicomCase(DSTL.plan.metadata))
        let series = c.seriesUID(.upper)
        let other = String(series.dropLast()) + (series.last == "1" ? "2" : "1")
        let url = try Self.edited("upper/stage-03.dcm") { DSTL.setting($0, .seriesInstanceUID, other) }
        Self.expectRefusal(url, file: "upper/stage-03.dcm", "SeriesInstanceUID")
        // The lower arch's files claiming the upper series.
        let lower = c.seriesUID(.lower)
        let shared = try DSTL.rewrite(try DSTL.sample()) { path, data in
            path.hasPrefix("lower/") ? try #require(DSTL.replacing(data, lower, series)) : data
        }
        Self.expectRefusal(shared, file: "lower/stage-00.dcm", "other arch")
    }

    @Test func instanceNumberMustBeTheStage() throws {
        let url = try Self.edited("upper/stage-02.dcm") { DSTL.setting($0, .instanceNumber, "5") }
        Self.expectRefusal(url, file: "upper/stage-02.dcm", "InstanceNumber (0020,0013) is '5'")
    }

    @Test func unitsMustBeMillimetres() throws {
        let url = try Self.edited("upper/stage-01.dcm") { DSTL.setting($0, .codeValue, "cm") }
        Self.expectRefusal(url, file: "upper/stage-01.dcm", "MeasurementUnitsCodeSequence")
    }

    @Test func sopClassAndModalityAreChecked() throws {
        let pdf = try Self.edited("upper/stage-01.dcm") { DSTL.setting($0, .sopClassUID, "1.2.840.10008.5.1.4.1.1.104.1") }
        Self.expectRefusal(pdf, file: "upper/stage-01.dcm", "SOPClassUID")
        let doc = try Self.edited("upper/stage-01.dcm") { DSTL.setting($0, .modality, "DOC") }
        Self.expectRefusal(doc, file: "upper/stage-01.dcm", "Modality (0008,0060) is 'DOC'")
    }

    @Test func triangleCountsMustMatchTheIndex() throws {
        let url = try Self.edited(DicomSTLFormat.indexPath) { data in
            var index = try? DicomIndex.decode(data)
            index?.arches[1].stages[2].triangles += 1
            return try? index?.encoded()
        }
        Self.expectRefusal(url, file: "lower/stage-02.dcm", "dicom-index.json says")
    }

    @Test func listedFilesMustBePresentAndOthersAreNoted() throws {
        let missing = try DSTL.rewrite(try DSTL.sample()) { path, data in path == "upper/stage-04.dcm" ? nil : data }
        Self.expectRefusal(missing, file: "upper/stage-04.dcm", "missing from the archive")
        let extra = try DSTL.rewrite(try DSTL.sample(), extra: [("notes/readme.txt", Data("hello".utf8))]) { _, data in data }
        let result = try DSTL.adapter.read(extra, options: IntakeOptions())
        let note = try #require(result.report.findings.first { $0.code == "dicom-stl.unknown-entry" })
        #expect(note.severity == .note && note.location.file == "notes/readme.txt")
    }

    @Test func indexProblemsNameTheKeyPath() throws {
        func index(_ edit: (inout [String: Any]) -> Void) throws -> URL {
            try Self.edited(DicomSTLFormat.indexPath) { data in
                guard var json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
                edit(&json)
                return try? JSONSerialization.data(withJSONObject: json)
            }
        }
        Self.expectRefusal(try index { $0["format"] = "aligngate.generic-stl" }, file: "dicom-index.json", "format: is 'aligngate.generic-stl'")
        Self.expectRefusal(try index { $0["formatVersion"] = "2.0" }, file: "dicom-index.json", "formatVersion")
        Self.expectRefusal(try index { $0["units"] = "in" }, file: "dicom-index.json", "units")
        Self.expectRefusal(try index { json in
            var arches = json["arches"] as? [[String: Any]] ?? []
            var stages = arches[0]["stages"] as? [[String: Any]] ?? []
            stages[1]["index"] = "one"
            arches[0]["stages"] = stages
            json["arches"] = arches
        }, file: "dicom-index.json", "arches[0].stages[1].index")
        Self.expectRefusal(try Self.edited(DicomSTLFormat.indexPath) { _ in Data("{".utf8) }, file: "dicom-index.json", "JSON")
    }

    @Test func documentLengthLongerThanTheDocumentIsRefused() throws {
        let url = try Self.edited("upper/stage-00.dcm") { data in
            // EncapsulatedDocumentLength (0042,0015) UL: its 4-byte value follows the 8-byte header.
            guard let r = data.range(of: Data([0x42, 0x00, 0x15, 0x00, 0x55, 0x4C, 0x04, 0x00])) else { return nil }
            var out = data
            out.replaceSubrange(r.upperBound..<(r.upperBound + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
            return out
        }
        Self.expectRefusal(url, file: "upper/stage-00.dcm", "EncapsulatedDocumentLength")
    }
}
