import ArchiveIO
import Foundation
@testable import MeshIO
import PlanModel
import Testing

/// `ThreeMFPartDeflater` joins remembered crown segments into each model part: the part must inflate to
/// exactly `ThreeMFWriter.encode`'s bytes, and its deflate bytes must not depend on what was remembered.
@Suite struct ThreeMFPartDeflaterTests {
    /// A stage-like model: two large meshes (shared), one small one (`small`), an arch of components.
    private func model(small: TriangleMesh, pose: Double) -> ThreeMFModel {
        let crownA = TestMeshes.random(seed: 1, vertices: 900, triangles: 1500)
        let crownB = TestMeshes.random(seed: 2, vertices: 1200, triangles: 2000)
        let objects = [
            ThreeMFObject(id: 1, name: "crown 11", mesh: crownA),
            ThreeMFObject(id: 2, name: "crown 21", mesh: crownB),
            ThreeMFObject(id: 3, name: "attachment", mesh: small),
            ThreeMFObject(id: 4, type: .model, name: "arch", content: .components([
                ThreeMFComponent(objectID: 1, transform: ThreeMFTransform(values: [1, 0, 0, 0, 1, 0, 0, 0, 1, pose, 0, 0])),
                ThreeMFComponent(objectID: 2), ThreeMFComponent(objectID: 3),
            ])),
        ]
        return ThreeMFModel(unit: .millimeter, language: "en-US", metadata: [ThreeMFMetadata(name: "Title", value: "stage \(pose)")],
                            objects: objects, build: [ThreeMFBuildItem(objectID: 4)])
    }

    /// The model part's bytes, inflated by the package's own zip reader (libdeflate whole, zlib to diagnose).
    private func inflated(_ stream: DeflatedStream) throws -> Data {
        var zip = try InMemoryZip(name: "stage.3mf")
        try zip.add(ThreeMF.defaultModelPath, deflated: stream)
        return try ArchiveReader(data: try zip.bytes(), name: "stage.3mf").data(of: ThreeMF.defaultModelPath)
    }

    @Test func eachPartInflatesToTheWritersBytesAndDoesNotDependOnWhatWasRemembered() throws {
        let warm = ThreeMFPartDeflater(level: 6)
        for stage in 0..<4 {
            let m = model(small: TestMeshes.random(seed: 10 + UInt64(stage), vertices: 40, triangles: 60), pose: Double(stage) * 0.25)
            let fromWarm = try warm.deflated(m, archive: "a.zip", entry: "stage.3mf")
            let fromCold = try ThreeMFPartDeflater(level: 6).deflated(m, archive: "a.zip", entry: "stage.3mf")
            #expect(fromWarm == fromCold)
            let expected = try ThreeMFWriter.encode(m)
            #expect(fromWarm.size == Int64(expected.count))
            #expect(try inflated(fromWarm) == expected)
        }
    }

    @Test func aMeshEqualInValueButNotInBitsIsEncodedAfresh() throws {
        let deflater = ThreeMFPartDeflater(level: 6, sharedTriangles: 4)
        var positive = TestMeshes.cube()
        positive.positions[0] = 0
        var negative = positive
        negative.positions[0] = -0.0
        #expect(positive == negative)  // == on Float: −0 equals 0, yet the XML spells them apart
        for mesh in [positive, negative] {
            let m = ThreeMFModel(unit: .millimeter, objects: [ThreeMFObject(id: 1, name: "cube", mesh: mesh)], build: [ThreeMFBuildItem(objectID: 1)])
            #expect(try inflated(try deflater.deflated(m, archive: "a.zip", entry: "cube.3mf")) == (try ThreeMFWriter.encode(m)))
        }
    }

    @Test func aForbiddenModelIsRefusedAsTheWriterRefusesIt() throws {
        let bad = ThreeMFModel(unit: .millimeter, objects: [ThreeMFObject(id: 1, name: "x", mesh: TestMeshes.cube())], build: [ThreeMFBuildItem(objectID: 9)])
        #expect(throws: ThreeMFWriteError.self) { try ThreeMFPartDeflater(level: 6).deflated(bad, archive: "a.zip", entry: "x.3mf") }
    }
}
