import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// `STLTriangleView.weld(following:)`: a later stage of the same mesh read through stage 0's welding must
/// be exactly what `STLCodec.decode` gives it, or nil.
@Suite struct STLWeldingTests {
    /// Stage 0 and a moved copy (same triangles, new positions), both as binary STL.
    func pair() -> (stage0: Data, moved: Data, mesh: TriangleMesh) {
        let mesh = TestMeshes.random(seed: 11, vertices: 300, triangles: 900)
        let pose = RigidTransform(rotation: Quaternion(axis: Vector3(0.2, 0.3, 0.9).normalized, degrees: 7), translation: Vector3(0.5, -1.25, 2))
        return (STLCodec.encode(mesh), STLCodec.encode(mesh.transformed(by: pose)), mesh)
    }

    func weld(_ data: Data, following: TriangleMesh) throws -> TriangleMesh? {
        try STLCodec.withTriangles(data, source: "s.stl") { $0.weld(following: following.indices, vertexCount: following.vertexCount) }
    }

    @Test func aMovedCopyReadsAsDecodeReadsIt() throws {
        let (stage0, moved, _) = pair()
        let base = try STLCodec.decode(stage0, source: "0.stl")
        let fast = try #require(try weld(moved, following: base))
        let decoded = try STLCodec.decode(moved, source: "1.stl")
        #expect(fast.indices == decoded.indices)
        #expect(TestMeshes.bits(fast) == TestMeshes.bits(decoded))
    }

    @Test(arguments: [false, true]) func addedTrianglesAreWeldedAsDecodeWeldsThem(sharingVertices: Bool) throws {
        let (stage0, _, mesh) = pair()
        let base = try STLCodec.decode(stage0, source: "0.stl")
        var more = mesh
        more.append(TestMeshes.cube(scale: 0.5))
        // A triangle reusing three vertices of the leading mesh: welded against them, not apart.
        if sharingVertices { more.indices += [0, 1, 2] }
        let data = STLCodec.encode(more)
        let fast = try #require(try weld(data, following: base))
        let decoded = try STLCodec.decode(data, source: "2.stl")
        #expect(fast.triangleCount == base.triangleCount + 12 + (sharingVertices ? 1 : 0))
        #expect(fast.indices == decoded.indices)
        #expect(TestMeshes.bits(fast) == TestMeshes.bits(decoded))
    }

    @Test func aCornerThatBreaksTheWeldingOrTooFewTrianglesGiveNil() throws {
        let (stage0, moved, mesh) = pair()
        let base = try STLCodec.decode(stage0, source: "0.stl")
        // Nudge the second use of the first triangle's first vertex: the two corners no longer agree.
        let vertex = base.indices[0]
        let second = try #require(base.indices.indices.dropFirst().first { base.indices[$0] == vertex })
        var broken = moved
        let offset = 84 + (second / 3) * 50 + 12 + (second % 3) * 12
        broken[offset] ^= 0x01
        #expect(try weld(broken, following: base) == nil)
        let fewer = STLCodec.encode(TriangleMesh(positions: mesh.positions, indices: Array(mesh.indices.dropLast(3))))
        #expect(try weld(fewer, following: base) == nil)
    }
}
