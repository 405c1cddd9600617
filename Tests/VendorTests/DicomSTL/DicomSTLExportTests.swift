import Foundation
import MeshIO
import PlanModel
import Testing
import VendorKit
@testable import DicomSTLVendor

/// The descriptor, what the check reports for this format, and what export writes.
@Suite struct DicomSTLExportTests {
    @Test func descriptorIsWhatFORMATmdSays() {
        let d = DSTL.adapter.descriptor
        #expect(d.id == "dicom-stl" && d.name == "DICOM Encapsulated STL (PACS)" && d.formatVersion == "1.0")
        #expect(d.container == .zip && d.extensions == ["zip"] && d.numbering == .fdi)
        #expect(d.meshEncoding == .encapsulatedSTL && d.direction == .both)
        let c = d.capabilities
        #expect(!c.segmentedTeeth && c.bakedStageMeshes && c.attachmentKinds.isEmpty && !c.ipr && !c.elastics)
        #expect(c.passiveStages && c.overcorrectionStages && c.primaryTeeth && !c.encryption && !c.metadata)
        let p = d.profile
        #expect(p.stepLimits == MovementLimits() && p.classLimits.isEmpty && p.maxStages == nil)
        #expect(p.maxIPRPerContactMM == nil && p.maxIPRTotalMM == nil)
        #expect(p.maxTrianglesPerMesh == 2_000_000 && !p.watertightRequired && p.defaultWearIntervalDays == 14)
        #expect(DSTL.adapter.formatFindingCodes == ["dicom-stl.unsegmented", "dicom-stl.unknown-entry", "dicom-stl.identifier-altered"])
    }

    /// Attachments are baked into the stage models but not carried as attachments: the shared rules warn
    /// once per attachment (kind or elastics), as FORMAT.md documents.
    @Test func checkReportsTheLossesOfAnUnsegmentedFormat() {
        let report = DSTL.adapter.check(DSTL.plan)
        #expect(report.errors.isEmpty, "\(report.errors.map(\.code))")
        #expect(report.verdict == .lossy)
        let attachments = DSTL.plan.arches.reduce(0) { $0 + $1.attachments.count }
        let attachmentWarnings = report.findings.filter { ["attachment.kind-unsupported", "attachment.elastics-unsupported"].contains($0.code) }
        #expect(attachments > 0 && attachmentWarnings.count == attachments)
        #expect(attachmentWarnings.allSatisfy { $0.severity == .warning })
        let codes = Set(report.findings.map(\.code))
        #expect(codes.contains("teeth.segmentation-lost") && codes.contains("case.metadata-lost") && codes.contains("ipr.unsupported"))
        #expect(!codes.contains("mesh.not-closed") && !codes.contains("dicom-stl.identifier-altered"))
    }

    @Test func identifiersDICOMCannotHoldAreReportedAndFitted() throws {
        var plan = DSTL.plan
        plan.metadata.patientReference = "REF\\" + String(repeating: "7", count: 70)
        plan.metadata.caseID = "CASE-2024-00001234-X"
        let altered = DSTL.adapter.check(plan).findings.filter { $0.code == "dicom-stl.identifier-altered" }
        #expect(altered.count == 3 && altered.allSatisfy { $0.severity == .warning })
        #expect(altered.contains { $0.message.contains("PatientID (0010,0020)") && $0.message.contains("'REF/777") })
        #expect(altered.contains { $0.message.contains("StudyID (0020,0010)") && $0.message.contains("'CASE-2024-000012'") })
        let read = try DSTL.adapter.read(try DSTL.export(plan), options: IntakeOptions()).plan
        #expect(read.metadata.patientReference == "REF/" + String(repeating: "7", count: 60))
        #expect(read.metadata.caseID == plan.metadata.caseID, "the case id travels whole in the index")
    }

    @Test func layoutIndexFirstThenStagesInPlanOrder() throws {
        let entries = try DSTL.entries(try DSTL.sample()).map(\.path)
        var expected = [DicomSTLFormat.indexPath]
        for arch in DSTL.plan.arches {
            expected += arch.stages.map { DicomSTLFormat.stagePath(arch.jaw, stage: $0.index, digits: 2) }
        }
        #expect(entries == expected)
        #expect(DicomSTLFormat.stagePath(.lower, stage: 7, digits: StageNaming.digits(maxIndex: 120)) == "lower/stage-007.dcm")
    }

    @Test func indexTriangleCountsAreTheBakedModels() throws {
        let url = try DSTL.sample()
        let index = try DicomIndex.decode(try DSTL.data(url, DicomSTLFormat.indexPath))
        #expect(index.caseID == DSTL.plan.metadata.caseID && index.units == "mm")
        for (arch, entry) in zip(DSTL.plan.arches, index.arches) {
            #expect(entry.jaw == arch.jaw.rawValue && entry.seriesNumber == (arch.jaw == .upper ? 1 : 2))
            for (stage, listed) in zip(arch.stages, entry.stages) {
                let baked = StageBaker.model(arch, stage: stage.index).mesh.triangleCount
                let ds = try DicomReader.read(try DSTL.data(url, listed.file), file: listed.file).dataset
                let stl = try #require(ds.bytes(.encapsulatedDocument))
                #expect(listed.triangles == baked && DSTL.u32(stl, 80) == baked, "\(listed.file)")
            }
        }
    }

    @Test func createdDateRoundTripsThroughDAAndTM() throws {
        for seconds in [0.0, 1_704_182_400.123, -86_400.5, 951_782_400.0, 4_102_444_799.999] {  // incl. 2000-02-29
            let f = try #require(DicomDateTime.format(seconds))
            let back = try #require(DicomDateTime.parse(date: f.date, time: f.time, offset: "+0000"))
            #expect(abs(back - seconds) < 1e-6, "\(seconds) → \(f) → \(back)")
        }
        #expect(DicomDateTime.format(951_782_400)?.date == "20000229")
        #expect(DicomDateTime.parse(date: "20240102", time: "100000", offset: "+0200") == 1_704_182_400)
        #expect(DicomDateTime.parse(date: "20241302", time: "", offset: nil) == nil)
        #expect(DicomDateTime.parse(date: "20240102", time: "25", offset: nil) == nil)
    }

    @Test func meshesWithIndicesPastTheirVerticesAreRefusedEvenWhenForced() throws {
        var plan = DSTL.plan
        try #require(!plan.arches.isEmpty)
        plan.arches[0].gingiva?.indices.append(contentsOf: [0, 1, 999_999])
        let url = try DSTL.scratch().appendingPathComponent("broken.zip")
        do {
            _ = try DSTL.adapter.export(plan, to: url, options: ExportOptions(force: true))
            Issue.record("exported a gingiva with an index past its vertices")
        } catch {
            guard case let .malformed(_, file, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "upper gingiva")
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
