import ArchiveIO
import Foundation
import OnyxCephVendor
import PlanModel
import Testing
import VendorKit

/// The older generation (FORMAT.md, "Older generation"): `<id>_OnyxCeph3_Export_ Step i of M Upper.obj`
/// models with `IPR.csv` and no Info tables. The hand-written fixture's models and stripping protocol are
/// renamed to that generation's names and its Info tables dropped, so poses and attachment frames must come
/// from the geometry.
@Suite struct OnyxCephLegacyTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("onyxceph-legacy-\(UUID().uuidString)")

    /// The fixture in the older generation's names.
    func legacyFolder() throws -> URL {
        let folder = try OnyxCephFixture.write(in: root).folder
        let fm = FileManager.default
        func rename(_ from: String, _ to: String) throws {
            try fm.moveItem(at: folder.appendingPathComponent(from), to: folder.appendingPathComponent(to))
        }
        try rename("Step 0 - Obj3D U.obj", "FIX-1_OnyxCeph3_Export_ Step 0 of 1 Upper.obj")
        try rename("Step 1 - Obj3D U.obj", "FIX-1_OnyxCeph3_Export_ Step 1 of 1 Upper.obj")
        try rename("Step 1 - Protocol Stripping U.csv", "IPR.csv")
        try fm.removeItem(at: folder.appendingPathComponent("Step 0 - Info.csv"))
        try fm.removeItem(at: folder.appendingPathComponent("Step 1 - Info.json"))
        return folder
    }

    @Test func stepModelsWithoutInfoTablesReadFromTheGeometry() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try OnyxCephAdapter().read(try legacyFolder(), options: IntakeOptions())
        #expect(result.report.errors.isEmpty, "\(result.report.errors)")
        let arch = try #require(result.plan.arch(.upper))
        #expect(arch.teeth.map(\.id.fdi) == [12, 11, 21])
        #expect(arch.stages.map(\.index) == [0, 1])
        // The same mesh moved: registration recovers tooth 11's 0.2 mm shift to the patient's left exactly.
        let moved = arch.pose(of: try ToothID(fdi: 11), atStage: 1)
        #expect(moved.translation.maxDifference(to: Vector3(OnyxCephFixture.shift, 0, 0)) < 1e-6)
        #expect(arch.pose(of: try ToothID(fdi: 12), atStage: 1).maxDifference(to: .identity) < 1e-6)
        #expect(arch.pose(of: try ToothID(fdi: 21), atStage: 1).maxDifference(to: .identity) < 1e-6)
        // IPR.csv: 0.1 + 0.1 mm at 11|21 before step 1.
        #expect(arch.ipr.count == 1)
        let event = try #require(arch.ipr.first)
        #expect(event.contact == ToothContact(try ToothID(fdi: 11), try ToothID(fdi: 21)) && event.beforeStage == 1)
        #expect(abs(event.amountMM - 0.2) < 1e-9)
        // Attachments without Info rows: their frames estimated from the solids in the crown frames.
        #expect(arch.attachments.count == 2)
        let box = try #require(arch.attachments.first { $0.tooth.fdi == 11 })
        #expect(box.template.kind == .rectangularVertical && box.template.widthMM == 2 && box.template.heightMM == 4)
        #expect(abs(box.template.depthMM - 1) < 1e-6 && box.stagePlaced == 1 && box.stageRemoved == nil)
        let unknown = try #require(arch.attachments.first { $0.tooth.fdi == 12 })
        #expect(unknown.template.kind == .unknown && unknown.template.label == "Ellipsoid 3 mm")
        // No Info table: the frames are estimated, and the finding says so.
        #expect(result.report.findings.contains { $0.code == "onyxceph.frames-estimated" })
    }

    /// `Movement table.csv` in Windows-1252 (the `°` is byte B0), teeth 12 and 21, which do not move.
    static func movementTable(occlusal12: String) -> Data {
        let text = "\"Tooth\"\t\"12\"\t\"21\"\r\n\"Inclination +/- [\u{B0}]\"\t\"0.00\"\t\"0.00\"\r\n"
            + "\"Occlusal +/- [mm]\"\t\"\(occlusal12)\"\t\"\"\r\n\"Maxilla\"\r\n"
        return text.data(using: .windowsCP1252) ?? Data()
    }

    @Test func movementTableIsCrossCheckedAgainstTheGeometry() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try legacyFolder()
        let table = folder.appendingPathComponent("Movement table.csv")
        try Self.movementTable(occlusal12: "0.00").write(to: table)
        let agreeing = try OnyxCephAdapter().read(folder, options: IntakeOptions())
        #expect(agreeing.report.errors.isEmpty, "\(agreeing.report.errors)")
        let codes = Set(agreeing.report.findings.map(\.code))
        #expect(!codes.contains("onyxceph.movement-mismatch") && !codes.contains("onyxceph.movement-unreadable"), "\(agreeing.report.findings)")
        // Tooth 12 stays where it is: 5 mm of extrusion in the table disagrees with the models.
        try Self.movementTable(occlusal12: "5.00").write(to: table)
        let disagreeing = try OnyxCephAdapter().read(folder, options: IntakeOptions())
        let mismatch = try #require(disagreeing.report.findings.first { $0.code == "onyxceph.movement-mismatch" })
        #expect(mismatch.location.file == "Movement table.csv" && mismatch.message.contains("tooth 12 Occlusal +/- [mm]"), "\(mismatch.message)")
    }

    @Test func probeRecognisesTheOlderNames() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try legacyFolder()
        // The layout's own score (picking it among every adapter: Tests/ConformanceTests).
        #expect(OnyxCephAdapter().probe(try ArchiveListing.load(folder)) >= 80)
    }
}
