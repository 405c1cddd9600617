import Foundation
import MeshIO
import PlanModel
@testable import SampleCases
@testable import STLSeriesVendor
import Testing
import VendorKit

/// The issue's hostile cases, each a test.
@Suite struct STLSeriesHostileTests {
    let adapter = STLSeriesAdapter()
    let name = { (jaw: Jaw, s: Int) in "\(jaw == .upper ? "Upper" : "Lower") Step \(s).stl" }

    @Test func oneFileOnly() throws {
        let plan = try SeriesFixtures.plan(stages: 1)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let one = SeriesFixtures.series(plan, name: name).filter { $0.key == "Upper Step 0.stl" }
        let result = try adapter.read(try SeriesFixtures.zip(one, in: root), options: IntakeOptions())
        #expect(result.report.findings.contains { $0.code == STLSeriesFormat.Code.singleModel })
        #expect(result.plan.arches.map(\.jaw) == [.upper])
        #expect(result.plan.arches[0].stages.map(\.index) == [0])
    }

    @Test func tenThousandFiles() throws {
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var files: [String: Data] = [:]
        for i in 0..<10_000 { files["upper/stage-\(i).stl"] = Data("solid x\nendsolid x\n".utf8) }
        let url = try SeriesFixtures.zip(files, in: root)
        // Every file is named; the first model read is refused, naming it, without reading the other 9,999.
        #expect { try adapter.read(url, options: IntakeOptions()) } throws: { "\($0)".contains("upper/stage-0.stl") }
        files["upper/stage-extra.txt"] = Data()
        let over = try SeriesFixtures.zip(files, in: root, name: "over.zip")
        #expect { try adapter.read(over, options: IntakeOptions()) } throws: { error in
            guard case .archive = error as? VendorError else { return false }
            return true
        }
    }

    @Test func randomBytesNamedLikeStages() throws {
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var rng = SplitMix64(seed: 9, stream: 1)
        var files: [String: Data] = [:]
        for s in 0..<3 { files["Maxillary_Stage_0\(s).stl"] = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }) }
        let url = try SeriesFixtures.zip(files, in: root)
        #expect { try adapter.read(url, options: IntakeOptions()) } throws: { "\($0)".contains("Maxillary_Stage_0") }
    }

    @Test func aToothOfTenMillionTrianglesIsRefusedUnread() throws {
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = try SeriesFixtures.plan(stages: 1)
        let dir = try SeriesFixtures.folder(SeriesFixtures.series(plan, name: name), in: root)
        // A sparse 500 MB binary STL whose header declares 10 M triangles: no memory, no disk.
        let big = dir.appendingPathComponent("Upper Step 1.stl")
        try FileManager.default.removeItem(at: big)
        var header = Data(count: 80)
        let count: UInt32 = 10_000_000
        withUnsafeBytes(of: count.littleEndian) { header.append(contentsOf: $0) }
        try header.write(to: big)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 84 + 50 * UInt64(count))
        try handle.close()
        #expect { try adapter.read(dir, options: IntakeOptions()) } throws: { "\($0)".contains("Upper Step 1.stl") }
        // The same declaration in a small file: refused from its header.
        try header.write(to: big)
        #expect { try adapter.read(dir, options: IntakeOptions()) } throws: { "\($0)".contains("10000000 triangles") }
    }

    @Test func stageThreeMissing() throws {
        let plan = try SeriesFixtures.plan(stages: 4)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = SeriesFixtures.series(plan, name: name).filter { $0.key != "Upper Step 3.stl" }
        let result = try adapter.read(try SeriesFixtures.zip(files, in: root), options: IntakeOptions())
        let gap = result.report.findings.first { $0.code == STLSeriesFormat.Code.stageGap }
        #expect(gap?.severity == .error && gap?.location.arch == .upper && gap?.message.contains("stage(s) 3") == true)
        #expect(result.plan.arch(.upper)?.stages.map(\.index) == [0, 1, 2, 4])
        // Stage 4 is tracked from stage 2, the nearest stage read.
        if let sent = plan.arch(.upper), let read = result.plan.arch(.upper) {
            for tooth in sent.teeth where tooth.crown != nil {
                #expect(sent.pose(of: tooth.id, atStage: 4).maxDifference(to: read.pose(of: tooth.id, atStage: 4)) < 1e-4)
            }
        }
    }

    @Test func upperAndLowerSwappedInNames() throws {
        let plan = try SeriesFixtures.plan(stages: 1)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let swapped = SeriesFixtures.series(plan) { jaw, s in "\(jaw == .upper ? "lower" : "upper")_stage_\(s).stl" }
        let result = try adapter.read(try SeriesFixtures.zip(swapped, in: root), options: IntakeOptions())
        #expect(result.report.findings.filter { $0.code == STLSeriesFormat.Code.jawFromGeometry }.count == 2)
        #expect(result.plan.arch(.upper)?.teeth.map(\.id) == plan.arch(.upper)?.teeth.map(\.id))
        #expect(result.plan.arch(.lower)?.teeth.map(\.id) == plan.arch(.lower)?.teeth.map(\.id))
    }
}
