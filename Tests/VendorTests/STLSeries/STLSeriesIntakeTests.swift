import Foundation
import MeshIO
import PlanModel
@testable import STLSeriesVendor
import Testing
import VendorKit

@Suite struct STLSeriesIntakeTests {
    let adapter = STLSeriesAdapter()

    @Test func readsAPlannersZipAndRecoversTheStaging() throws {
        let plan = try SeriesFixtures.plan()
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = SeriesFixtures.series(plan) { jaw, s in "\(jaw == .upper ? "Maxillary" : "Mandibular")_Stage_\(s < 10 ? "0" : "")\(s).stl" }
            .merging(["treatment plan.pdf": Data("%PDF-1.4".utf8)]) { a, _ in a }
        let url = try SeriesFixtures.zip(files, in: root, name: "cases.zip")
        let listing = try ArchiveListing.load(url)
        // Claimed as its own (picking it among every adapter: Tests/ConformanceTests).
        #expect(adapter.probe(listing) >= 80)
        let result = try adapter.read(url, options: IntakeOptions())
        #expect(result.plan.arches.map(\.jaw) == [.upper, .lower])
        for (sent, read) in zip(plan.arches, result.plan.arches) {
            #expect(read.teeth.map(\.id) == sent.teeth.map(\.id))
            #expect(read.stages.map(\.index) == sent.stages.map(\.index))
        }
        #expect(SeriesFixtures.worstPose(plan, result.plan) < 1e-4)
        let codes = result.report.findings.map(\.code)
        #expect(codes.contains(STLSeriesFormat.Code.recognised) && codes.contains(STLSeriesFormat.Code.teethFound)
                && codes.contains(STLSeriesFormat.Code.residuals))
        #expect(result.report.findings.contains { $0.code == STLSeriesFormat.Code.otherFile && $0.location.file == "treatment plan.pdf" })
        #expect(result.report.errors.isEmpty)
    }

    @Test func layoutOptionAndTeethOverride() throws {
        let plan = try SeriesFixtures.plan(stages: 1)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = SeriesFixtures.series(plan) { jaw, s in "models/\(jaw == .upper ? "OK" : "UK")/t\(s).stl" }
        let url = try SeriesFixtures.folder(files, in: root)
        #expect(throws: VendorError.self) { try adapter.read(url, options: IntakeOptions()) }
        let ids = plan.arches[0].teeth.map(\.id)
        let shifted = try ids.map { try ToothID(fdi: $0.isRight ? $0.fdi + 1 : $0.fdi) }
        let result = try adapter.read(url, options: IntakeOptions(layout: "models/{jaw}/t{stage}.stl", teeth: shifted))
        #expect(result.plan.arch(.upper)?.teeth.map(\.id) == shifted)
        #expect(result.plan.arch(.lower)?.teeth.map(\.id) == plan.arches[1].teeth.map(\.id))
    }

    @Test func unitsInMetresAreConvertedAndMixedUnitsRefused() throws {
        let plan = try SeriesFixtures.plan(stages: 1)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let metres = { (m: TriangleMesh) in TriangleMesh(positions: m.positions.map { $0 / 1000 }, indices: m.indices) }
        let name = { (jaw: Jaw, s: Int) in "\(jaw.rawValue)_stage_\(s).stl" }
        let url = try SeriesFixtures.folder(SeriesFixtures.series(plan, name: name, transform: metres), in: root, name: "m")
        let result = try adapter.read(url, options: IntakeOptions())
        #expect(result.report.findings.contains { $0.code == STLSeriesFormat.Code.unitsConverted })
        #expect(SeriesFixtures.worstPose(plan, result.plan) < 1e-3)
        var mixed = SeriesFixtures.series(plan, name: name, transform: metres)
        mixed["upper_stage_0.stl"] = SeriesFixtures.series(plan, name: name)["upper_stage_0.stl"]
        let bad = try SeriesFixtures.folder(mixed, in: root, name: "mixed")
        #expect { try adapter.read(bad, options: IntakeOptions()) } throws: { "\($0)".contains("mixed units") }
    }
}
