import Foundation  // cos, sin

/// Builds a triangle mesh of closed solids, one shell at a time. Every shell it adds is closed,
/// manifold and outward-facing (counter-clockwise seen from outside), with shared corner vertices,
/// so the result passes the same checks a printable model must.
struct SolidBuilder {
    private(set) var mesh = TriangleMesh()
    /// False once any shell could not be built (the mesh is then incomplete and must not be used).
    private(set) var isComplete = true

    /// Adds a prism: `profile`, drawn in the plane spanned by `uAxis` and `vAxis`, swept along
    /// `uAxis × vAxis` from `w0` to `w1`. The axes must be orthonormal.
    mutating func addPrism(_ profile: Profile2D?, uAxis: Vector3, vAxis: Vector3, from w0: Double, to w1: Double) {
        guard let profile, w1 > w0, let caps = profile.triangulated() else { isComplete = false; return }
        let wAxis = uAxis.cross(vAxis)
        let n = profile.points.count
        let base = UInt32(mesh.vertexCount)
        // Vertices 0..<n on the w0 cap, n..<2n on the w1 cap.
        for w in [w0, w1] {
            for p in profile.points { addVertex(uAxis * p.u + vAxis * p.v + wAxis * w) }
        }
        let low = { (i: Int) in base + UInt32(i) }
        let high = { (i: Int) in base + UInt32(n + i) }
        for (a, b, c) in caps {
            addTriangle(high(a), high(b), high(c))  // faces +w: same winding as the profile
            addTriangle(low(a), low(c), low(b))     // faces −w: reversed
        }
        // Side walls: a counter-clockwise profile's outward edge normal is to the right of each edge.
        for i in 0..<n {
            let j = (i + 1) % n
            addTriangle(low(i), low(j), high(j))
            addTriangle(low(i), high(j), high(i))
        }
    }

    /// Adds a box spanning the given ranges.
    mutating func addBox(x: ClosedRange<Double>, y: ClosedRange<Double>, z: ClosedRange<Double>) {
        addPrism(.rectangle(u: x, v: y), uAxis: .unitX, vAxis: .unitY, from: z.lowerBound, to: z.upperBound)
    }

    /// Adds the half of the ellipsoid x²/a² + y²/b² + z²/c² ≤ 1 with z ≥ 0, closed by its flat base on z = 0.
    /// `segments` around (a multiple of 4 puts corners on the x and y axes), `rings` from base to pole.
    mutating func addHalfEllipsoid(a: Double, b: Double, c: Double, segments: Int, rings: Int) {
        guard a > 0, b > 0, c > 0, segments >= 3, rings >= 1 else { isComplete = false; return }
        let base = UInt32(mesh.vertexCount)
        addVertex(Vector3(0, 0, c))  // pole: index base
        // Ring k (1…rings) at polar angle k·(π/2)/rings; ring `rings` is the equator on z = 0.
        for k in 1...rings {
            let polar = Double.pi / 2 * Double(k) / Double(rings)
            let r = k == rings ? 1 : sin(polar), h = k == rings ? 0 : cos(polar)
            for j in 0..<segments {
                let t = 2 * Double.pi * Double(j) / Double(segments)
                addVertex(Vector3(a * r * Profile2D.snapped(cos(t)), b * r * Profile2D.snapped(sin(t)), c * h))
            }
        }
        let centre = UInt32(mesh.vertexCount)
        addVertex(.zero)
        let ring = { (k: Int, j: Int) in base + 1 + UInt32((k - 1) * segments + j % segments) }
        for j in 0..<segments {
            addTriangle(base, ring(1, j), ring(1, j + 1))  // cap round the pole, facing +z
            for k in 1..<rings {
                addTriangle(ring(k, j), ring(k + 1, j), ring(k + 1, j + 1))
                addTriangle(ring(k, j), ring(k + 1, j + 1), ring(k, j + 1))
            }
            addTriangle(centre, ring(rings, j + 1), ring(rings, j))  // flat base, facing −z
        }
    }

    private mutating func addVertex(_ p: Vector3) {
        mesh.positions.append(contentsOf: [Float(p.x), Float(p.y), Float(p.z)])
    }

    private mutating func addTriangle(_ a: UInt32, _ b: UInt32, _ c: UInt32) {
        mesh.indices.append(contentsOf: [a, b, c])
    }
}
