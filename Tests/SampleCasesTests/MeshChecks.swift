import Foundation  // atan2
import PlanModel

/// A small local mesh inspector (MeshIO's is written separately): closedness, orientation, volume.
struct MeshCheck {
    /// Directed edges seen more than once (two faces wound the same way, or a non-manifold edge).
    var repeatedEdges = 0
    /// Directed edges whose reverse is missing (a hole or a flipped neighbour).
    var unmatchedEdges = 0
    /// Triangles with (near) zero area or repeated corners.
    var degenerateTriangles = 0
    /// Signed volume in mm³: positive when the triangles face outwards.
    var signedVolume = 0.0

    init(_ mesh: TriangleMesh) {
        var edges = [UInt64: Int](minimumCapacity: mesh.indices.count)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            for (u, v) in [(a, b), (b, c), (c, a)] { edges[UInt64(u) << 32 | UInt64(v), default: 0] += 1 }
            let p = mesh.vertex(Int(a)), q = mesh.vertex(Int(b)), r = mesh.vertex(Int(c))
            signedVolume += p.dot(q.cross(r)) / 6
            if a == b || b == c || a == c || (q - p).cross(r - p).length < 1e-9 { degenerateTriangles += 1 }
        }
        for (key, count) in edges {
            if count > 1 { repeatedEdges += 1 }
            let reverse = (key & 0xFFFF_FFFF) << 32 | key >> 32
            if edges[reverse] == nil { unmatchedEdges += 1 }
        }
    }

    /// Closed, each edge shared by exactly two consistently wound triangles, no degenerate triangles.
    var isClosedAndOriented: Bool { repeatedEdges == 0 && unmatchedEdges == 0 && degenerateTriangles == 0 }
}

/// The per-stage movement of one tooth, computed here independently of the generator: the crown centre's
/// move projected on the previous stage's frame axes, and the rotation vector of q_s · q_{s−1}⁻¹ projected
/// on the previous frame's facial (tip), mesial (torque) and long (rotation) axes.
struct Step {
    var mesial, facial, long, tip, torque, rotation: Double

    init(frame: CrownFrame, from a: RigidTransform, to b: RigidTransform) {
        let axes = frame.moved(by: a)
        let d = b.apply(to: frame.origin) - a.apply(to: frame.origin)
        let w = (b.rotation * a.rotation.conjugate).rotationVector * (180 / Double.pi)
        mesial = d.dot(axes.mesialAxis)
        facial = d.dot(axes.facialAxis)
        long = d.dot(axes.longAxis)
        tip = w.dot(axes.facialAxis)
        torque = w.dot(axes.mesialAxis)
        rotation = w.dot(axes.longAxis)
    }

    /// ArchForm's default stage parameters.
    static let limits = (mesial: 0.20, facial: 0.20, long: 0.15, tip: 2.0, torque: 1.0, rotation: 2.0)

    /// The largest share of a limit this step uses (≤ 1 is within limits).
    var worstRatio: Double {
        let l = Step.limits
        return max(abs(mesial) / l.mesial, abs(facial) / l.facial, abs(long) / l.long,
                   abs(tip) / l.tip, abs(torque) / l.torque, abs(rotation) / l.rotation)
    }
}

extension TreatmentPlan {
    /// Upper then lower (the sample always has both).
    var upper: Arch? { arch(.upper) }
    var lower: Arch? { arch(.lower) }
}

extension Arch {
    var totalTriangles: Int {
        teeth.reduce(0) { $0 + ($1.crown?.triangleCount ?? 0) } + (gingiva?.triangleCount ?? 0)
    }
}

/// The distance from `p` to the nearest point of `mesh`'s surface (closest point on each triangle,
/// Ericson, "Real-Time Collision Detection" §5.1.5).
func surfaceDistance(from p: Vector3, to mesh: TriangleMesh) -> Double {
    var best = Double.infinity
    for t in 0..<mesh.triangleCount {
        let (i, j, k) = mesh.triangle(t)
        let q = closestPoint(to: p, a: mesh.vertex(Int(i)), b: mesh.vertex(Int(j)), c: mesh.vertex(Int(k)))
        best = min(best, (q - p).length)
    }
    return best
}

private func closestPoint(to p: Vector3, a: Vector3, b: Vector3, c: Vector3) -> Vector3 {
    let ab = b - a, ac = c - a, ap = p - a
    let d1 = ab.dot(ap), d2 = ac.dot(ap)
    if d1 <= 0 && d2 <= 0 { return a }
    let bp = p - b
    let d3 = ab.dot(bp), d4 = ac.dot(bp)
    if d3 >= 0 && d4 <= d3 { return b }
    let vc = d1 * d4 - d3 * d2
    if vc <= 0 && d1 >= 0 && d3 <= 0 { return a + ab * (d1 / (d1 - d3)) }
    let cp = p - c
    let d5 = ab.dot(cp), d6 = ac.dot(cp)
    if d6 >= 0 && d5 <= d6 { return c }
    let vb = d5 * d2 - d1 * d6
    if vb <= 0 && d2 >= 0 && d6 <= 0 { return a + ac * (d2 / (d2 - d6)) }
    let va = d3 * d6 - d5 * d4
    if va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0 { return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6))) }
    let denom = 1 / (va + vb + vc)
    return a + ab * (vb * denom) + ac * (vc * denom)
}

/// Whether `p` is inside the closed, outward-facing `mesh` (winding number by solid angles,
/// Van Oosterom & Strackee 1983).
func isInside(_ p: Vector3, _ mesh: TriangleMesh) -> Bool {
    var total = 0.0
    for t in 0..<mesh.triangleCount {
        let (i, j, k) = mesh.triangle(t)
        let a = mesh.vertex(Int(i)) - p, b = mesh.vertex(Int(j)) - p, c = mesh.vertex(Int(k)) - p
        let la = a.length, lb = b.length, lc = c.length
        let det = a.dot(b.cross(c))
        let denominator = la * lb * lc + a.dot(b) * lc + b.dot(c) * la + c.dot(a) * lb
        total += 2 * atan2(det, denominator)
    }
    return total / (4 * .pi) > 0.5
}
