import Foundation
import OnyxCephVendor
import PlanModel
import Testing
import VendorKit

/// Intake of a hand-written export (OnyxCephFixture) and of damaged Info tables.
@Suite struct OnyxCephIntakeTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("onyxceph-tests-\(UUID().uuidString)")

    func read(_ fixture: OnyxCephFixture) throws -> IntakeResult {
        defer { try? FileManager.default.removeItem(at: root) }
        return try OnyxCephAdapter().read(fixture.folder, options: IntakeOptions())
    }

    @Test func handWrittenExportReads() throws {
        let result = try read(try OnyxCephFixture.write(in: root))
        #expect(result.report.errors.isEmpty, "\(result.report.errors)")
        #expect(result.plan.metadata.caseID == "FIX-1")
        let arch = try #require(result.plan.arch(.upper))
        #expect(result.plan.arches.count == 1)
        #expect(arch.teeth.map(\.id.fdi) == [12, 11, 21])
        #expect(arch.teeth.allSatisfy { $0.status == .present && $0.crown?.triangleCount == 12 })
        #expect(arch.stages.map(\.index) == [0, 1])
        // Tooth 11 moved 0.2 mm to the patient's left (layout +x = model +x); the others stay.
        let pose = arch.pose(of: try ToothID(fdi: 11), atStage: 1)
        #expect(pose.translation.maxDifference(to: Vector3(OnyxCephFixture.shift, 0, 0)) < 1e-9)
        #expect(arch.pose(of: try ToothID(fdi: 12), atStage: 1).maxDifference(to: .identity) < 1e-9)
        // Frames mapped into the plan's LPS frame: upper crowns point down (−z), facial is anterior (−y).
        let t11 = try #require(arch.tooth(try ToothID(fdi: 11)))
        #expect(t11.frame.origin.maxDifference(to: Vector3(-4, -40, -5)) < 1e-9)
        #expect(t11.frame.longAxis.maxDifference(to: Vector3(0, 0, -1)) < 1e-9)
        #expect(t11.frame.facialAxis.maxDifference(to: Vector3(0, -1, 0)) < 1e-9)
        #expect(t11.frame.mesialAxis.maxDifference(to: Vector3(1, 0, 0)) < 1e-9)
        // The gingiva, IPR (0.1 + 0.1 at 11|21 before step 1), and both attachments.
        #expect(arch.gingiva?.triangleCount == 12)
        #expect(arch.ipr == [IPREvent(contact: ToothContact(try ToothID(fdi: 11), try ToothID(fdi: 21)), amountMM: 0.2, beforeStage: 1)])
        #expect(arch.attachments.count == 2)
        let box = try #require(arch.attachments.first { $0.tooth.fdi == 11 })
        #expect(box.template.kind == .rectangularVertical && box.template.widthMM == 2 && box.template.heightMM == 4)
        #expect(abs(box.template.depthMM - 1) < 1e-5)
        #expect(box.stagePlaced == 1 && box.stageRemoved == nil)
        // 1 mm down the long axis (occlusal −y in the layout) and 3 mm facial of the crown centre.
        #expect(box.placement.translation.maxDifference(to: Vector3(0, 1, 3)) < 1e-9)
        let unknown = try #require(arch.attachments.first { $0.tooth.fdi == 12 })
        #expect(unknown.template.kind == .unknown && unknown.template.label == "Ellipsoid 3 mm")
        #expect(abs(unknown.template.widthMM - 3) < 1e-5 && abs(unknown.template.depthMM - 1) < 1e-5)
        let codes = Set(result.report.findings.map(\.code))
        #expect(codes.isSuperset(of: ["onyxceph.copy-object", "onyxceph.unknown-attachment", "onyxceph.no-case-metadata"]))
        #expect(!codes.contains("onyxceph.pose-geometry-mismatch") && !codes.contains("onyxceph.pose-recovered"))
    }

    /// The error a damaged `Step 0 - Info.csv` gives.
    func damaged(_ info: Data) throws -> String {
        let fixture = try OnyxCephFixture.write(in: root, info0: info)
        do {
            _ = try read(fixture)
        } catch let VendorError.malformed(vendor, file, detail) {
            #expect(vendor == "onyxceph" && file == "Step 0 - Info.csv")
            return detail
        }
        Issue.record("a damaged Info.csv was read without an error")
        return ""
    }

    @Test func missingColumnNamesRowAndColumn() throws {
        let text = OnyxCephFixture.infoCSV().replacingOccurrences(of: "\toY\t", with: "\t")
        let detail = try damaged(OnyxCephFixture.utf16(text))
        #expect(detail.hasPrefix("row 1, column 4 (\"oY\")"), "\(detail)")
    }

    @Test func textInANumberNamesRowAndColumn() throws {
        var lines = OnyxCephFixture.infoCSV().components(separatedBy: "\r\n")
        lines[2] = lines[2].replacingOccurrences(of: "\t1.000", with: "\tone")
        let detail = try damaged(OnyxCephFixture.utf16(lines.joined(separator: "\r\n")))
        #expect(detail.hasPrefix("row 3, column 14 (\"zZ\"): 'one' is not a number"), "\(detail)")
    }

    @Test func wrongEncodingNamesRowAndColumn() throws {
        let detail = try damaged(Data(OnyxCephFixture.infoCSV().utf8))
        #expect(detail.hasPrefix("row 1, column 1: not UTF-16"), "\(detail)")
    }
}
