import ArchiveIO
import Foundation
import OnyxCephVendor
import PlanModel
import SampleCases
import Testing
import VendorKit

/// Intake reads one file at a time and reduces each step model as soon as its step's table is known
/// (FORMAT.md, "Intake"): the result must not depend on the order an archive holds its entries in, and a
/// tooth whose frame only a later table gives must come out as when every table has it.
@Suite struct OnyxCephStepByStepTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("onyxceph-steps-\(UUID().uuidString)")

    /// `url`'s entries rewritten in the order `arrange` gives.
    func reordered(_ url: URL, name: String, _ arrange: ([(String, Data)]) -> [(String, Data)]) throws -> URL {
        var entries: [(String, Data)] = []
        try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
            if entry.kind == .file { entries.append((entry.path, try stream.readAll())) }
        }
        let out = root.appendingPathComponent(name)
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in arrange(entries) { try writer.add(path, data: data) }
        _ = try writer.finish()
        return out
    }

    @Test func entryOrderDoesNotChangeThePlan() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let plan = try SampleCase.make(SampleOptions(stages: 10, trianglesPerTooth: 200, seed: 21))
        let url = root.appendingPathComponent("export.zip")
        _ = try OnyxCephAdapter().export(plan, to: url, options: ExportOptions(force: true))
        let written = try OnyxCephAdapter().read(url, options: IntakeOptions())
        #expect(written.report.errors.isEmpty, "\(written.report.errors)")
        // Every entry reversed: the last step's models first, every table after its models, step 0 last.
        let reversed = try reordered(url, name: "reversed.zip") { $0.reversed() }
        // By name, as a zip tool would add them: Step 1, Step 10 … before Step 2, Info before Obj3D.
        let byName = try reordered(url, name: "by-name.zip") { $0.sorted { $0.0 < $1.0 } }
        for other in [reversed, byName] {
            let read = try OnyxCephAdapter().read(other, options: IntakeOptions())
            #expect(read.plan == written.plan, "\(other.lastPathComponent)")
            #expect(read.report.findings.map(\.code).sorted() == written.report.findings.map(\.code).sorted(), "\(other.lastPathComponent)")
        }
    }

    @Test func aToothWithoutAStepZeroRowTakesItsFrameFromALaterTable() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let lines = OnyxCephFixture.infoCSV().components(separatedBy: "\r\n").filter { !$0.hasPrefix("Tooth 12\t") }
        let fixture = try OnyxCephFixture.write(in: root, info0: OnyxCephFixture.utf16(lines.joined(separator: "\r\n")))
        let result = try OnyxCephAdapter().read(fixture.folder, options: IntakeOptions())
        #expect(result.report.errors.isEmpty, "\(result.report.errors)")
        let arch = try #require(result.plan.arch(.upper))
        // Step 1's Info.json row, moved back by the registered pose (tooth 12 does not move): its step-0 frame.
        let t12 = try #require(arch.tooth(try ToothID(fdi: 12)))
        #expect(t12.frame.origin.maxDifference(to: Vector3(-11, -40, -5)) < 1e-6)
        #expect(t12.frame.longAxis.maxDifference(to: Vector3(0, 0, -1)) < 1e-6)
        #expect(arch.pose(of: try ToothID(fdi: 12), atStage: 1).maxDifference(to: .identity) < 1e-6)
        #expect(arch.pose(of: try ToothID(fdi: 11), atStage: 1).translation.maxDifference(to: Vector3(OnyxCephFixture.shift, 0, 0)) < 1e-9)
        let codes = Set(result.report.findings.map(\.code))
        #expect(!codes.contains("onyxceph.frames-estimated") && !codes.contains("onyxceph.pose-geometry-mismatch"), "\(result.report.findings)")
    }
}
