import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import Testing
@testable import Print3MFVendor

/// A real third-party 3MF (PrusaSlicer 2.5, from numpy-stl's tests; shared/corpora/PROVENANCE.md): the
/// codec reads what another producer wrote.
@Suite struct Moon3MFTests {
    /// Tests/VendorTests/Print3MF/ → up four levels is the package root; shared/ sits beside it.
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpora/meshes/numpy-stl/3mf/Moon.3mf").standardizedFileURL

    @Test func moonParsesWithPlausibleCounts() throws {
        let model = try ThreeMFArchive.read(try Data(contentsOf: Self.url), source: "Moon.3mf")
        #expect(model.unit == .millimeter)
        #expect(model.language == "en-US")
        #expect(model.metadataValue("Title") == "Moon")
        #expect(model.metadataValue("Application") == "PrusaSlicer-2.5.0+MacOS-x64")
        #expect(model.metadataValue(namespace: "http://schemas.slic3r.org/3mf/2017/06", localName: "Version3mf") == "1")
        #expect(model.objects.map(\.id) == [1, 2])
        #expect(model.objects.map { $0.mesh?.vertexCount ?? 0 } == [60, 36])
        #expect(model.objects.map { $0.mesh?.triangleCount ?? 0 } == [116, 68])
        #expect(model.triangleCount == 184)
        #expect(model.build.map(\.objectID) == [1, 2])
        for object in model.objects {
            let report = MeshInspector.inspect(try #require(object.mesh))
            #expect(report.isWatertight && report.isConsistentlyOriented, "object \(object.id): \(report.problems)")
            #expect((report.signedVolume ?? 0) > 0)
        }
    }

    /// PrusaSlicer lays the moon down: a quarter turn about x (lib3mf reads the same matrix), so y goes to z.
    @Test func moonTransformsAreRigidQuarterTurnsAboutX() throws {
        let model = try ThreeMFArchive.read(try Data(contentsOf: Self.url), source: "Moon.3mf")
        let first = try #require(model.build.first?.transform)
        #expect(first.m(0, 0) == 1 && first.m(1, 2) == 1 && first.m(2, 1) == -1)
        #expect(first.m(3, 0) == 160.99559 && first.m(3, 1) == 105.000003 && first.m(3, 2) == 4.44499969)
        let pose = try first.rigidTransform(source: "Moon.3mf item 1")
        #expect(pose.apply(to: .unitY).maxDifference(to: first.apply(to: .unitY)) < 1e-12)
        #expect(first.apply(to: Vector3(0, 1, 0)).maxDifference(to: Vector3(160.99559, 105.000003, 5.44499969)) < 1e-9)
        #expect(first.apply(to: Vector3(0, 0, 1)).maxDifference(to: Vector3(160.99559, 104.000003, 4.44499969)) < 1e-9)
        #expect(abs(pose.rotation.angleDegrees - 90) < 1e-9)
    }
}
