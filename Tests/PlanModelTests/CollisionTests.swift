import Foundation
@testable import PlanModel
import Testing

/// The collision checkpoint's geometry: signed distances from the hierarchy, and overlap depths of
/// shapes whose depth is known.
@Suite struct CollisionTests {
    /// A closed, outward-facing axis-aligned box.
    static func box(_ lo: Vector3, _ hi: Vector3) -> TriangleMesh {
        let v = (0..<8).map { i in Vector3(i & 1 == 0 ? lo.x : hi.x, i & 2 == 0 ? lo.y : hi.y, i & 4 == 0 ? lo.z : hi.z) }
        let faces: [UInt32] = [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5]
        return TriangleMesh(positions: v.flatMap { [Float($0.x), Float($0.y), Float($0.z)] }, indices: faces)
    }

    /// A closed latitude–longitude sphere with poles on the x axis (so a vertex sits on the line of centres).
    static func sphere(centre: Vector3, radius: Double, rings: Int = 96, segments: Int = 96) -> TriangleMesh {
        var p: [Vector3] = [centre + Vector3(radius, 0, 0)]
        for i in 1..<rings {
            let theta = Double.pi * Double(i) / Double(rings)
            for j in 0..<segments {
                let phi = 2 * Double.pi * Double(j) / Double(segments)
                p.append(centre + Vector3(radius * cos(theta), radius * sin(theta) * cos(phi), radius * sin(theta) * sin(phi)))
            }
        }
        p.append(centre - Vector3(radius, 0, 0))
        var idx: [UInt32] = []
        let last = UInt32(p.count - 1)
        func ring(_ i: Int, _ j: Int) -> UInt32 { UInt32(1 + (i - 1) * segments + (j % segments)) }
        for j in 0..<segments { idx += [0, ring(1, j), ring(1, j + 1)] }
        for i in 1..<(rings - 1) {
            for j in 0..<segments { idx += [ring(i, j), ring(i + 1, j), ring(i + 1, j + 1), ring(i, j), ring(i + 1, j + 1), ring(i, j + 1)] }
        }
        for j in 0..<segments { idx += [last, ring(rings - 1, j + 1), ring(rings - 1, j)] }
        return TriangleMesh(positions: p.flatMap { [Float($0.x), Float($0.y), Float($0.z)] }, indices: idx)
    }

    static func tooth(_ fdi: Int, _ mesh: TriangleMesh) -> Tooth {
        let frame = CrownFrame(origin: mesh.boundingBox?.center ?? .zero, longAxis: .unitZ, mesialAxis: .unitX, facialAxis: .unitY)
        return Tooth(id: PlanFixtures.t(fdi), crown: mesh, frame: frame)
    }

    static func depth(_ a: TriangleMesh, _ b: TriangleMesh, moving move: RigidTransform = .identity) throws -> Double {
        let ca = try #require(CrownCollider(tooth(11, a))), cb = try #require(CrownCollider(tooth(21, b)))
        return CrownOverlap.depth(ca, .identity, cb, move)
    }

    @Test func signedDistanceMatchesABox() throws {
        let bvh = SurfaceBVH(Self.box(.zero, Vector3(1, 1, 1)))
        let inside = try #require(bvh.signedDistance(to: Vector3(0.5, 0.5, 0.2)))
        #expect(inside.inside && abs(inside.distance - 0.2) < 1e-6)
        let outside = try #require(bvh.signedDistance(to: Vector3(1.3, 0.5, 0.5)))
        #expect(!outside.inside && abs(outside.distance - 0.3) < 1e-6)
        // Nearest to an edge and to a corner: the pseudo-normals still give the side.
        let edge = try #require(bvh.signedDistance(to: Vector3(1.3, 1.4, 0.5)))
        #expect(!edge.inside && abs(edge.distance - 0.5) < 1e-6)
        let corner = try #require(bvh.signedDistance(to: Vector3(-0.1, -0.1, -0.1)))
        #expect(!corner.inside && abs(corner.distance - 0.1 * 3.0.squareRoot()) < 1e-6)
        let nearCorner = try #require(bvh.signedDistance(to: Vector3(0.05, 0.04, 0.03)))
        #expect(nearCorner.inside && abs(nearCorner.distance - 0.03) < 1e-6)
    }

    @Test func hierarchyAgreesWithBruteForce() throws {
        let mesh = Self.sphere(centre: Vector3(1, 2, 3), radius: 4, rings: 24, segments: 24)
        let bvh = SurfaceBVH(mesh)
        // A fixed pseudo-random cloud (SplitMix64) around and inside the sphere.
        var state: UInt64 = 7
        func next(_ range: ClosedRange<Double>) -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return range.lowerBound + Double(z >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        for _ in 0..<300 {
            let p = Vector3(next(-5...7), next(-4...8), next(-3...9))
            var best = Double.infinity
            for t in 0..<mesh.triangleCount {
                let (a, b, c) = mesh.triangle(t)
                let (q, _) = ClosestPoint.onTriangle(p, mesh.vertex(Int(a)), mesh.vertex(Int(b)), mesh.vertex(Int(c)))
                best = min(best, (q - p).length)
            }
            let got = try #require(bvh.signedDistance(to: p))
            #expect(abs(got.distance - best) < 1e-9)
            let radial = (p - Vector3(1, 2, 3)).length
            if abs(radial - 4) > 0.2 { #expect(got.inside == (radial < 4), "\(p)") }
        }
    }

    @Test func twoCubesOverlappingByAKnownDepth() throws {
        let a = Self.box(.zero, Vector3(10, 10, 10))
        // Shifted 9.7 mm along x (and off-centre in y and z): 0.3 mm of overlap, the least way out along x.
        let b = Self.box(Vector3(9.7, 3, 2), Vector3(19.7, 13, 12))
        #expect(abs(try Self.depth(a, b) - 0.3) < 0.01)
        // Apart, and just touching: no overlap.
        #expect(try Self.depth(a, Self.box(Vector3(10.5, 3, 2), Vector3(20.5, 13, 12))) == 0)
        #expect(try Self.depth(a, Self.box(Vector3(10, 3, 2), Vector3(20, 13, 12))) < 1e-6)
        // The same overlap reached by a stage pose instead of the mesh.
        let apart = Self.box(Vector3(12, 3, 2), Vector3(22, 13, 12))
        #expect(abs(try Self.depth(a, apart, moving: RigidTransform(translation: Vector3(-2.3, 0, 0))) - 0.3) < 0.01)
    }

    @Test(arguments: [0.05, 0.2, 0.6, 1.0])
    func twoRoundCrownsOverlappingByAKnownDepth(depth: Double) throws {
        // Two 4 mm spheres whose centres are `depth` closer than touching overlap by exactly `depth`.
        let a = Self.sphere(centre: .zero, radius: 4)
        let b = Self.sphere(centre: Vector3(8 - depth, 0.0, 0), radius: 4)
        #expect(abs(try Self.depth(a, b) - depth) < 0.01, "depth \(depth)")
    }

    @Test func archContactsAreNeighboursWithCrowns() {
        let arch = PlanFixtures.arch(.upper, teeth: [13, 12, 11, 21, 22].map { PlanFixtures.tooth($0) } + [PlanFixtures.tooth(23, .missing)])
        #expect(ArchCollisions.contacts(arch).map(\.description) == ["13-12", "12-11", "11-21", "21-22"])
        let rows = ArchCollisions.overlaps([arch])[0]
        #expect(rows.count == 4 * arch.stages.count)
        #expect(rows.map(\.stage) == arch.stages.flatMap { s in Array(repeating: s.index, count: 4) })
    }
}
