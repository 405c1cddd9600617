import Foundation
import PlanModel
import Testing
@testable import MeshIO

@Suite struct MeshInspectorTests {
    /// The cube scaled to tooth size, so units are not what the test is about.
    let cube = TestMeshes.cube(scale: 10)

    func codes(_ mesh: TriangleMesh) -> Set<MeshProblem.Code> { Set(MeshInspector.inspect(mesh).problems.map(\.code)) }

    @Test func closedCubeIsClean() throws {
        let r = MeshInspector.inspect(cube)
        #expect(r.isClean, "\(r.problems)")
        #expect(r.isWatertight && r.isConsistentlyOriented)
        #expect(r.edgeCount == 18 && r.boundaryEdgeCount == 0)
        #expect(r.signedVolume == 1000)
        #expect(r.extent == Vector3(10, 10, 10))
        #expect(r.unitGuess == .millimetres)
    }

    @Test func removingAFaceOpensABoundary() {
        var open = cube
        open.indices.removeLast(3)
        let r = MeshInspector.inspect(open)
        #expect(r.boundaryEdgeCount == 3 && !r.isWatertight && r.signedVolume == nil)
        #expect(r.problem(.openBoundary)?.count == 3)
        #expect(r.problem(.openBoundary)?.message.hasPrefix("3 edges") == true)
    }

    @Test func flippingAFaceIsInconsistent() {
        var flipped = cube
        flipped.indices.swapAt(0, 1)
        let r = MeshInspector.inspect(flipped)
        #expect(r.isWatertight && !r.isConsistentlyOriented)
        #expect(r.inconsistentEdgeCount == 3)
        #expect(codes(flipped) == [.inconsistentOrientation])
    }

    @Test func turningEveryFaceInsideOutIsInverted() {
        var inverted = cube
        for t in 0..<inverted.triangleCount { inverted.indices.swapAt(3 * t, 3 * t + 1) }
        let r = MeshInspector.inspect(inverted)
        #expect(r.isConsistentlyOriented && r.signedVolume == -1000)
        #expect(codes(inverted) == [.inverted])
    }

    @Test func duplicatingAFaceIsNonManifold() {
        var doubled = cube
        doubled.indices += doubled.indices.prefix(3)
        let r = MeshInspector.inspect(doubled)
        #expect(r.nonManifoldEdgeCount == 3 && !r.isWatertight)
        #expect(codes(doubled).contains(.nonManifold))
    }

    @Test func degenerateTriangles() {
        var mesh = cube
        mesh.positions += [20, 0, 0, 30, 0, 0, 40, 0, 0]  // three collinear points: zero area
        mesh.indices += [8, 9, 10, 0, 0, 1]  // zero area, then a repeated corner
        let r = MeshInspector.inspect(mesh)
        #expect(r.degenerateTriangleCount == 2)
        #expect(r.problem(.degenerateTriangles)?.count == 2)
    }

    @Test func invalidIndicesAndNonFiniteCoordinatesDoNotTrap() {
        var mesh = cube
        mesh.indices += [0, 1, 4_000_000_000]
        mesh.positions[0] = .nan
        let r = MeshInspector.inspect(mesh)
        #expect(r.invalidTriangleCount == 1 && r.nonFiniteVertexCount == 1)
        #expect(r.signedVolume == nil)
        #expect(r.bounds?.min == Vector3(0, 0, 0) && r.bounds?.max == Vector3(10, 10, 10))
        #expect(codes(mesh).isSuperset(of: [.invalidIndices, .nonFinite]))
        // JSON must encode even with NaN in the mesh (the report holds only finite numbers).
        #expect(throws: Never.self) { try JSONEncoder().encode(r) }
    }

    @Test func emptyMeshesAndPointClouds() {
        #expect(codes(.empty) == [.empty])
        let points = TriangleMesh(positions: [0, 0, 0, 1, 1, 1])
        let r = MeshInspector.inspect(points)
        #expect(r.problem(.empty)?.message.contains("2 vertices") == true)
        #expect(r.bounds != nil && !r.isWatertight)
    }

    @Test func unusedVertices() {
        var mesh = cube
        mesh.positions += [5, 5, 5]
        #expect(codes(mesh) == [.unusedVertices])
        #expect(MeshInspector.inspect(mesh).unusedVertexCount == 1)
    }

    @Test func unitGuessesForAScaledArch() throws {
        let arch = try MeshFile.read(Corpus.url(CorpusFactsTests.arch))
        func scaled(_ s: Float) -> TriangleMesh { TriangleMesh(positions: arch.positions.map { $0 * s }, indices: arch.indices) }
        #expect(MeshInspector.inspect(arch).unitGuess == .millimetres)
        let metres = MeshInspector.inspect(scaled(0.001))
        #expect(metres.unitGuess == .metres)
        #expect(metres.unitReasoning.contains("61.4 mm"))
        #expect(metres.problem(.unitsSuspect) != nil)
        #expect(MeshInspector.inspect(scaled(1 / 25.4)).unitGuess == .inches)
        #expect(MeshInspector.inspect(scaled(1000)).unitGuess == .unknown)
        // Topology is independent of scale.
        #expect(metres.boundaryEdgeCount == 262 && metres.degenerateTriangleCount == MeshInspector.inspect(arch).degenerateTriangleCount)
    }

    @Test(arguments: [(8.0, UnitGuess.millimetres), (61, .millimetres), (0.061, .metres), (0.008, .metres),
                      (2.4, .inches), (0.3, .inches), (0.001, .unknown), (400, .unknown), (0, .unknown), (.nan, .unknown)])
    func unitBands(_ extent: Double, _ expected: UnitGuess) {
        #expect(UnitGuess.guess(largestExtent: extent).guess == expected)
    }

    @Test func reportEncodesAsStableJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(MeshInspector.inspect(cube)), as: UTF8.self)
        #expect(json.contains(#""isWatertight":true"#))
        #expect(json.contains(#""unitGuess":"millimetres""#))
        var open = cube
        open.indices.removeLast(3)
        let openJSON = String(decoding: try encoder.encode(MeshInspector.inspect(open)), as: UTF8.self)
        #expect(openJSON.contains(#""code":"mesh.open-boundary""#))
        let decoded = try JSONDecoder().decode(MeshReport.self, from: Data(openJSON.utf8))
        #expect(decoded == MeshInspector.inspect(open))
    }
}
