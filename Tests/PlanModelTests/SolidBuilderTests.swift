import Testing
@testable import PlanModel

@Suite struct SolidBuilderTests {
    private func area(_ p: Profile2D, _ t: (Int, Int, Int)) -> Double {
        let a = p.points[t.0], b = p.points[t.1], c = p.points[t.2]
        return ((b.u - a.u) * (c.v - a.v) - (b.v - a.v) * (c.u - a.u)) / 2
    }

    @Test func profileDropsRepeatsAndCollinearCornersAndTurnsCounterClockwise() throws {
        // Clockwise square with a repeated corner and a corner in the middle of an edge.
        let p = try #require(Profile2D([(0, 0), (0, 2), (0, 2), (2, 2), (2, 1), (2, 0)]))
        #expect(p.points.count == 4)
        #expect(Profile2D.signedArea(p.points) == 4)
        #expect(Profile2D([(0, 0), (1, 1), (2, 2)]) == nil)
        #expect(Profile2D([(0, 0), (1, 0)]) == nil)
    }

    @Test func earClippingCoversNonConvexProfilesExactly() throws {
        // A comb: reflex corners whose ears would overlap the teeth if the inside test were wrong.
        let comb: [(u: Double, v: Double)] = [(0, 0), (5, 0), (5, 3), (4, 3), (4, 1), (3, 1), (3, 3), (2, 3),
                                              (2, 1), (1, 1), (1, 3), (0, 3)]
        for raw in [comb, comb.reversed()] {
            let p = try #require(Profile2D(raw))
            let triangles = try #require(p.triangulated())
            #expect(triangles.count == p.points.count - 2)
            #expect(triangles.allSatisfy { area(p, $0) > 0 })
            let total = triangles.map { area(p, $0) }.reduce(0, +)
            #expect(abs(total - Profile2D.signedArea(p.points)) < 1e-12)
            #expect(abs(total - 11) < 1e-12)  // 5 × 1 base + three 1 × 2 teeth
        }
    }

    @Test func prismsAlongAnyAxisAreClosedAndOutward() throws {
        let lShape: [(u: Double, v: Double)] = [(0, 0), (3, 0), (3, 1), (1, 1), (1, 2), (0, 2)]  // area 4
        let frames: [(Vector3, Vector3)] = [(.unitX, .unitY), (.unitY, .unitZ), (.unitZ, .unitX), (.unitX, .unitZ),
                                            (.unitY, .unitX)]
        for (u, v) in frames {
            var b = SolidBuilder()
            b.addPrism(Profile2D(lShape), uAxis: u, vAxis: v, from: -1, to: 1.5)
            #expect(b.isComplete)
            let report = SolidReport(b.mesh)
            #expect(report.problems.isEmpty, "\(u) \(v): \(report.problems.prefix(3))")
            #expect(abs(report.volume - 4 * 2.5) < 1e-5)
        }
    }

    @Test func failedShellsAreReported() {
        var b = SolidBuilder()
        b.addPrism(Profile2D([(0, 0), (1, 0), (0, 1)]), uAxis: .unitX, vAxis: .unitY, from: 1, to: 1)
        #expect(!b.isComplete)
        var c = SolidBuilder()
        c.addPrism(nil, uAxis: .unitX, vAxis: .unitY, from: 0, to: 1)
        #expect(!c.isComplete)
        var d = SolidBuilder()
        d.addHalfEllipsoid(a: 1, b: 1, c: 0, segments: 8, rings: 2)
        #expect(!d.isComplete)
        // Self-intersecting outlines: a bow tie (zero net area) and a figure with a crossed lobe.
        #expect(Profile2D([(0, 0), (2, 2), (2, 0), (0, 2)]) == nil)
        #expect(Profile2D([(0, 0), (4, 0), (4, 2), (1, 2), (3, 1), (0, 3)]) == nil)
        #expect(Profile2D([(0, 0), (4, 0), (4, 2), (2, 0), (0, 2)]) == nil)  // a corner touching an edge
        #expect(Profile2D([(0, 0), (4, 0), (4, 2), (1, 2), (1, 1), (0, 3)]) != nil)  // reflex but simple
    }

    @Test func domeVolumeConvergesToTheHalfEllipsoid() {
        var b = SolidBuilder()
        b.addHalfEllipsoid(a: 2, b: 1, c: 1.5, segments: 96, rings: 32)
        let report = SolidReport(b.mesh)
        #expect(report.problems.isEmpty)
        #expect(abs(report.volume - 2.0 / 3 * Double.pi * 2 * 1 * 1.5) / report.volume < 2e-3)
    }
}
