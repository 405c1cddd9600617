import ArchiveIO
import Foundation
import MeshIO
import PlanModel
@testable import STLSeriesVendor
import Testing
import VendorKit

/// A series of 3MF models goes through MeshIO's package reader: the declared unit is honoured, and a
/// broken package is refused naming the model file.
@Suite struct STLSeriesModelFormatTests {
    /// `mesh` as a .3mf package whose coordinates are in `unit`.
    static func threeMF(_ mesh: TriangleMesh, unit: ThreeMFUnit, dropModel: Bool = false) throws -> Data {
        let scale = Float(1 / unit.millimetres)
        let scaled = TriangleMesh(positions: mesh.positions.map { $0 * scale }, indices: mesh.indices)
        let model = ThreeMFModel(unit: unit, objects: [ThreeMFObject(id: 1, name: "arch", mesh: scaled)], build: [ThreeMFBuildItem(objectID: 1)])
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("model.3mf")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: true)
        try writer.add(ThreeMF.contentTypesPath, data: ThreeMFPackage.contentTypesXML())
        try writer.add(ThreeMF.relationshipsPath, data: ThreeMFPackage.relationshipsXML())
        if !dropModel { try writer.add(ThreeMF.defaultModelPath, data: try ThreeMFWriter.encode(model)) }
        _ = try writer.finish()
        return try Data(contentsOf: url)
    }

    @Test func threeMFModelsInCentimetresAreReadInMillimetres() throws {
        let plan = try SeriesFixtures.plan(stages: 2)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var files: [String: Data] = [:]
        for arch in plan.arches {
            for stage in arch.stages {
                files["\(arch.jaw.rawValue)_step_\(stage.index).3mf"] = try Self.threeMF(StageBaker.model(arch, stage: stage.index).mesh, unit: .centimeter)
            }
        }
        let result = try STLSeriesAdapter().read(try SeriesFixtures.folder(files, in: root), options: IntakeOptions())
        #expect(result.report.errors.isEmpty, "\(result.report.errors)")
        #expect(!result.report.findings.contains { $0.code == STLSeriesFormat.Code.unitsConverted })
        #expect(SeriesFixtures.worstPose(plan, result.plan) < 1e-3)
        #expect(result.recovery?.files.map(\.path).allSatisfy { $0.hasSuffix(".3mf") } == true)
    }

    @Test func aThreeMFWithoutItsModelPartIsRefusedNamingTheFile() throws {
        let plan = try SeriesFixtures.plan(stages: 1)
        let root = try SeriesFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var files: [String: Data] = [:]
        for arch in plan.arches {
            for stage in arch.stages {
                let broken = arch.jaw == .lower && stage.index == 1
                files["\(arch.jaw.rawValue)_step_\(stage.index).3mf"] = try Self.threeMF(StageBaker.model(arch, stage: stage.index).mesh, unit: .millimeter,
                                                                                        dropModel: broken)
            }
        }
        let url = try SeriesFixtures.folder(files, in: root)
        #expect { try STLSeriesAdapter().read(url, options: IntakeOptions()) } throws: { "\($0)".contains("lower_step_1.3mf") }
    }
}
