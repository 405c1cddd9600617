/// One crown prepared for overlap queries: its surface's hierarchy in crown coordinates (so the root box
/// hugs the crown whichever way the tooth faces), and its distinct vertices in runs of neighbours with a
/// ball around each run, so a query skips every run that cannot reach the other crown.
public struct CrownCollider: Sendable {
    public let tooth: ToothID
    /// Crown coordinates → stage-0 model coordinates (`CrownFrame.localToModel`).
    let toModel: RigidTransform
    let surface: SurfaceBVH
    let runs: [VertexRun]

    /// Consecutive points of `surface` (neighbours, in leaf order) and a ball holding them.
    struct VertexRun: Sendable {
        var range: Range<Int>
        var centre: Vector3
        var radius: Double
    }

    /// Points per run.
    static let runLength = 32

    /// Nil for a tooth without a crown mesh (missing, or an empty mesh).
    public init?(_ tooth: Tooth) {
        guard let crown = tooth.crown, !crown.isEmpty else { return nil }
        self.tooth = tooth.id
        toModel = tooth.frame.localToModel
        surface = SurfaceBVH(crown, transform: toModel.inverse)
        guard surface.bounds != nil else { return nil }
        let points = surface.points
        runs = stride(from: 0, to: points.count, by: Self.runLength).map { start in
            let range = start..<min(start + Self.runLength, points.count)
            let box = BoundingBox(points: points[range]) ?? BoundingBox(min: .zero, max: .zero)
            let centre = box.center
            return VertexRun(range: range, centre: centre, radius: points[range].map { ($0 - centre).length }.max() ?? 0)
        }
    }
}

/// How deep two posed crowns interpenetrate.
///
/// The depth is that of the deepest surface point of either crown inside the other, measured to the
/// other's surface (its distance to the nearest point of that surface): for two bodies touching at a point
/// it is 0, for two spheres whose centres are 0.3 mm closer than touching it is 0.3 mm — the distance one
/// would have to move for the deepest point to clear. It is sampled: every vertex, then a grid over the
/// triangles around the deepest vertex. So it is never more than the true depth, at most `samplingBound`
/// below it, and on smooth crowns within a few µm (docs/MODEL.md).
public enum CrownOverlap {
    /// The overlap depth (mm, 0 when apart) of `a` posed by `poseA` and `b` posed by `poseB` (stage poses:
    /// stage-0 model coordinates → this stage's).
    public static func depth(_ a: CrownCollider, _ poseA: RigidTransform, _ b: CrownCollider, _ poseB: RigidTransform) -> Double {
        let aToB = b.toModel.inverse.composed(with: poseB.inverse.composed(with: poseA.composed(with: a.toModel)))
        // Each way on its own, so each is refined around its own deepest vertex.
        return max(deepest(of: a, inside: b, PointMap(aToB)), deepest(of: b, inside: a, PointMap(aToB.inverse)))
    }

    /// The deepest point of `a` inside `b` when deeper than `floor` (else `floor`), with `toB` taking
    /// `a`'s crown coordinates into `b`'s: the deepest vertex, then `refined` around it.
    static func deepest(of a: CrownCollider, inside b: CrownCollider, _ toB: PointMap, deeperThan floor: Double = 0) -> Double {
        guard let box = b.surface.bounds else { return floor }
        var deepest = floor
        var deepestVertex = -1
        let points = a.surface.points
        for run in a.runs {
            // Only a point in b's boxes can be inside b; most runs of a neighbour are nowhere near them.
            guard b.surface.ballMayReach(toB.apply(run.centre), radius: run.radius) else { continue }
            for i in run.range {
                let p = toB.apply(points[i])
                guard box.contains(p) else { continue }
                if let d = b.surface.depthInside(p, deeperThan: deepest) { (deepest, deepestVertex) = (d, i) }
            }
        }
        guard deepestVertex >= 0 else { return deepest }
        return refined(deepest, around: deepestVertex, of: a, inside: b, toB)
    }

    /// Divisions of each edge of the triangles around the deepest vertex that `refined` samples.
    static let refinement = 4

    /// The deepest of `depth` and the points of a grid over every triangle around vertex `v` of `a` (each
    /// edge in `refinement` parts): where both surfaces are smooth the deepest surface point lies within
    /// the triangles around the deepest vertex, and this finds it to a quarter of their size.
    static func refined(_ depth: Double, around v: Int, of a: CrownCollider, inside b: CrownCollider, _ toB: PointMap) -> Double {
        let s = a.surface
        var deepest = depth
        let n = refinement
        for k in Int(s.incidentStart[v])..<Int(s.incidentStart[v + 1]) {
            let slot = Int(s.incident[k])
            let p0 = s.points[Int(s.corners[3 * slot])], p1 = s.points[Int(s.corners[3 * slot + 1])], p2 = s.points[Int(s.corners[3 * slot + 2])]
            for i in 0...n {
                for j in 0...(n - i) where i + j > 0 && i < n && j < n {  // not the corners: they were measured
                    let u = Double(i) / Double(n), w = Double(j) / Double(n)
                    let p = toB.apply(p0 + (p1 - p0) * u + (p2 - p0) * w)
                    if let d = b.surface.depthInside(p, deeperThan: deepest) { deepest = d }
                }
            }
        }
        return deepest
    }

    /// How far the vertex measure can fall short for `collider`'s mesh: the largest distance from a point
    /// of one of its triangles to that triangle's nearest corner (the circumradius of an acute triangle,
    /// at most half the longest edge otherwise; never more than the longest edge / √3). The depth of a
    /// point inside the other crown changes by at most the distance moved, so every surface point of
    /// `collider` lies at most this much deeper than the deepest of its vertices.
    public static func samplingBound(_ collider: CrownCollider) -> Double {
        let s = collider.surface
        var bound = 0.0
        for t in 0..<(s.corners.count / 3) {
            let a = s.points[Int(s.corners[3 * t])], b = s.points[Int(s.corners[3 * t + 1])], c = s.points[Int(s.corners[3 * t + 2])]
            bound = max(bound, coveringRadius(a, b, c))
        }
        return bound
    }

    /// The largest distance from a point of triangle (a, b, c) to its nearest corner.
    static func coveringRadius(_ a: Vector3, _ b: Vector3, _ c: Vector3) -> Double {
        let ab = (b - a).dot(b - a), bc = (c - b).dot(c - b), ca = (a - c).dot(a - c)
        let longest = max(ab, bc, ca)
        // Right or obtuse (the longest edge's square ≥ the other two's sum): at most half the longest edge.
        if 2 * longest >= ab + bc + ca { return longest.squareRoot() / 2 }
        // Acute: the circumcentre lies inside, at R = |ab| |bc| |ca| / (4 · area).
        let area = (b - a).cross(c - a).length / 2
        guard area > 0 else { return longest.squareRoot() / 2 }
        return (ab * bc * ca).squareRoot() / (4 * area)
    }
}

/// A rigid transform as a 3×3 matrix and a translation: cheaper to apply to many points than a quaternion.
struct PointMap: Sendable {
    let r0: Vector3, r1: Vector3, r2: Vector3
    let t: Vector3

    init(_ transform: RigidTransform) {
        let (c0, c1, c2) = transform.rotation.columns
        r0 = Vector3(c0.x, c1.x, c2.x)
        r1 = Vector3(c0.y, c1.y, c2.y)
        r2 = Vector3(c0.z, c1.z, c2.z)
        t = transform.translation
    }

    @inline(__always)
    func apply(_ p: Vector3) -> Vector3 { Vector3(r0.dot(p) + t.x, r1.dot(p) + t.y, r2.dot(p) + t.z) }
}
