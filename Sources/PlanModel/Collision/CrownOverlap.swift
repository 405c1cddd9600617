/// One crown prepared for overlap queries: its surface's hierarchy in crown coordinates (so the root box
/// hugs the crown whichever way the tooth faces) and its stage-0 vertices.
public struct CrownCollider: Sendable {
    public let tooth: ToothID
    /// Stage-0 model coordinates → crown coordinates (`CrownFrame.localToModel` inverted).
    let toCrown: RigidTransform
    let surface: SurfaceBVH
    let vertices: [Vector3]

    /// Nil for a tooth without a crown mesh (missing, or an empty mesh).
    public init?(_ tooth: Tooth) {
        guard let crown = tooth.crown, !crown.isEmpty else { return nil }
        self.tooth = tooth.id
        toCrown = tooth.frame.localToModel.inverse
        surface = SurfaceBVH(crown, transform: toCrown)
        guard surface.bounds != nil else { return nil }
        vertices = (0..<crown.vertexCount).map { crown.vertex($0) }
    }
}

/// How deep two posed crowns interpenetrate.
///
/// The depth is that of the deepest vertex of either crown inside the other, measured to the other's
/// surface (its distance to the nearest point of that surface): for two bodies touching at a point it is
/// 0, for two spheres whose centres are 0.3 mm closer than touching it is 0.3 mm — the distance one would
/// have to move for the deepest point to clear. Measured at vertices, so the error is at most the crowns'
/// chord error (about 0.01 mm for the sample's meshes); see docs/MODEL.md.
public enum CrownOverlap {
    /// The overlap depth (mm, 0 when apart) of `a` posed by `poseA` and `b` posed by `poseB` (stage poses:
    /// stage-0 model coordinates → this stage's).
    public static func depth(_ a: CrownCollider, _ poseA: RigidTransform, _ b: CrownCollider, _ poseB: RigidTransform) -> Double {
        max(deepest(of: a, inside: b, b.toCrown.composed(with: poseB.inverse.composed(with: poseA))),
            deepest(of: b, inside: a, a.toCrown.composed(with: poseA.inverse.composed(with: poseB))))
    }

    /// The deepest vertex of `a` inside `b`, with `toB` taking `a`'s stage-0 vertices into `b`'s crown coordinates.
    static func deepest(of a: CrownCollider, inside b: CrownCollider, _ toB: RigidTransform) -> Double {
        guard let box = b.surface.bounds else { return 0 }
        var deepest = 0.0
        for v in a.vertices {
            let p = toB.apply(to: v)
            // Only a point in the box can be inside; most of a neighbour's vertices are not.
            guard box.contains(p) else { continue }
            if let (distance, inside) = b.surface.signedDistance(to: p), inside, distance > deepest {
                deepest = distance
            }
        }
        return deepest
    }
}
