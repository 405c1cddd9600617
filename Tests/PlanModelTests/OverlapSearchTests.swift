import Foundation
@testable import PlanModel
import Testing

/// The overlap search's parts: the median selection that builds the hierarchy, distinct points, the
/// early-stopping depth query, and the vertex measure's documented error bound.
@Suite struct OverlapSearchTests {
    /// A closed, outward-facing box whose every face is an n × n grid (edges `size / n` long).
    static func gridBox(half: Double, _ n: Int) -> TriangleMesh {
        func coordinate(_ k: Int) -> Double { k == n ? half : -half + 2 * half * Double(k) / Double(n) }
        // Each face as (fixed axis, its value, the two axes it spans in an order whose cross product points out).
        let faces: [(axis: Int, value: Double, u: Int, v: Int)] = [
            (0, -half, 2, 1), (0, half, 1, 2), (1, -half, 0, 2), (1, half, 2, 0), (2, -half, 1, 0), (2, half, 0, 1),
        ]
        var positions: [Float] = []
        var indices: [UInt32] = []
        for face in faces {
            let base = UInt32(positions.count / 3)
            for j in 0...n {
                for i in 0...n {
                    var p = [0.0, 0.0, 0.0]
                    p[face.axis] = face.value
                    p[face.u] = coordinate(i)
                    p[face.v] = coordinate(j)
                    positions += p.map(Float.init)
                }
            }
            func at(_ i: Int, _ j: Int) -> UInt32 { base + UInt32(j * (n + 1) + i) }
            for j in 0..<n {
                for i in 0..<n {
                    indices += [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j), at(i + 1, j + 1), at(i, j + 1)]
                }
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }

    @Test func selectionPutsTheMedianInPlace() {
        var state: UInt64 = 3
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 40 % 64)  // few distinct values: many ties
        }
        for count in [1, 2, 3, 10, 101, 1000] {
            let keys = (0..<count).map { _ in next() }
            for nth in Set([0, count / 2, count - 1]) {
                var order = (0..<count).map { Int32($0) }
                SurfaceBVH.selectNth(&order, in: 0..<count, nth: nth, by: keys)
                #expect(Set(order).count == count)
                let pivot = keys[Int(order[nth])]
                #expect(pivot == keys.sorted()[nth])
                #expect(order[..<nth].allSatisfy { keys[Int($0)] <= pivot })
                #expect(order[(nth + 1)...].allSatisfy { keys[Int($0)] >= pivot })
            }
        }
    }

    @Test func anUnweldedMeshHasOnePointPerPositionAndTheSameDistances() throws {
        let welded = CollisionTests.box(.zero, Vector3(2, 3, 4))
        var soup: [Float] = []
        for t in 0..<welded.triangleCount {
            let (a, b, c) = welded.triangle(t)
            for i in [a, b, c] { soup += welded.positions[Int(3 * i)..<Int(3 * i + 3)] }
        }
        let unwelded = TriangleMesh(positions: soup, indices: (0..<UInt32(soup.count / 3)).map { $0 })
        let a = SurfaceBVH(welded), b = SurfaceBVH(unwelded)
        #expect(b.points.count == 8)
        for p in [Vector3(1, 1, 1), Vector3(1, 1.5, 0.1), Vector3(-1, 1, 2), Vector3(2.2, 3.3, 4.4), Vector3(0, 0, 0)] {
            let x = try #require(a.signedDistance(to: p)), y = try #require(b.signedDistance(to: p))
            #expect(abs(x.distance - y.distance) < 1e-12 && x.inside == y.inside, "\(p)")
        }
    }

    @Test func theEarlyStoppingQueryAgreesWithTheFullOne() throws {
        let bvh = SurfaceBVH(CollisionTests.sphere(centre: .zero, radius: 4, rings: 32, segments: 32))
        for k in 0..<200 {
            let t = Double(k)
            let p = Vector3(5 * sin(t * 1.3), 5 * cos(t * 0.7), 5 * sin(t * 0.31))
            let full = try #require(bvh.signedDistance(to: p))
            for floor in [0.0, 0.5, 2.0] {
                let got = bvh.depthInside(p, deeperThan: floor)
                if full.inside && full.distance > floor {
                    #expect(abs((got ?? -1) - full.distance) < 1e-12, "\(p) floor \(floor)")
                } else {
                    #expect(got == nil, "\(p) floor \(floor)")
                }
            }
        }
    }

    @Test func theCoveringRadiusOfATriangle() {
        let s = 3.0.squareRoot()
        // Equilateral (side 1): the circumradius 1/√3, the largest any triangle reaches for its longest edge.
        #expect(abs(CrownOverlap.coveringRadius(.zero, Vector3(1, 0, 0), Vector3(0.5, s / 2, 0)) - 1 / s) < 1e-12)
        // Right (3-4-5) and obtuse: half the longest edge.
        #expect(abs(CrownOverlap.coveringRadius(.zero, Vector3(3, 0, 0), Vector3(0, 4, 0)) - 2.5) < 1e-12)
        #expect(abs(CrownOverlap.coveringRadius(.zero, Vector3(10, 0, 0), Vector3(5, 1, 0)) - 5) < 1e-12)
        // Degenerate: still half the longest edge.
        #expect(abs(CrownOverlap.coveringRadius(.zero, Vector3(2, 0, 0), Vector3(1, 0, 0)) - 1) < 1e-12)
    }

    /// Two boxes meeting edge across edge, no vertex of either on the crossing: the vertices alone fall
    /// short (by no more than `samplingBound`); the grid around the deepest vertex finds the crossing.
    @Test func anEdgeAcrossAnEdgeIsFoundAroundTheDeepestVertex() throws {
        let box = Self.gridBox(half: 5, 20)  // 0.5 mm grid: right triangles, bound 0.354 mm
        let tip = 5 * 2.0.squareRoot()
        let overlap = 0.6
        // a's leading edge runs along z at x = tip; b's along y at x = tip − overlap, both a quarter grid step
        // off the other's vertices.
        let a = box.transformed(by: RigidTransform(rotation: Quaternion(axis: .unitZ, radians: .pi / 4)))
        let b = box.transformed(by: RigidTransform(rotation: Quaternion(axis: .unitY, radians: .pi / 4),
                                                   translation: Vector3(2 * tip - overlap, 0.25, 0.25)))
        let ca = try #require(CrownCollider(CollisionTests.tooth(11, a))), cb = try #require(CrownCollider(CollisionTests.tooth(21, b)))
        let bound = max(CrownOverlap.samplingBound(ca), CrownOverlap.samplingBound(cb))
        #expect(abs(bound - 0.5 * 2.0.squareRoot() / 2) < 1e-5)
        // Inside a 90° wedge, a point `overlap` behind the tip lies overlap / √2 from its faces; the nearest
        // vertices sit a quarter step off the crossing, at (overlap − 0.25) / √2.
        let deepest = overlap / 2.0.squareRoot(), atVertices = (overlap - 0.25) / 2.0.squareRoot()
        #expect(atVertices >= deepest - bound)
        let measured = CrownOverlap.depth(ca, .identity, cb, .identity)
        #expect(abs(measured - deepest) < 1e-5, "\(measured) (vertices alone: \(atVertices))")
    }
}
