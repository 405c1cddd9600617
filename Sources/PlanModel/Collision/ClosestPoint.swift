/// The closest point of a triangle to a point, and which feature of the triangle it lies on
/// (Ericson, "Real-Time Collision Detection", §5.1.5): the feature picks the pseudo-normal that decides
/// inside or outside (`SurfaceNormals`).
enum TriangleFeature: Int, Sendable {
    case face, vertexA, vertexB, vertexC, edgeAB, edgeBC, edgeCA
}

enum ClosestPoint {
    /// The point of triangle (a, b, c) nearest to `p`, and its feature.
    static func onTriangle(_ p: Vector3, _ a: Vector3, _ b: Vector3, _ c: Vector3) -> (Vector3, TriangleFeature) {
        let ab = b - a, ac = c - a, ap = p - a
        let d1 = ab.dot(ap), d2 = ac.dot(ap)
        if d1 <= 0 && d2 <= 0 { return (a, .vertexA) }
        let bp = p - b
        let d3 = ab.dot(bp), d4 = ac.dot(bp)
        if d3 >= 0 && d4 <= d3 { return (b, .vertexB) }
        let vc = d1 * d4 - d3 * d2
        if vc <= 0 && d1 >= 0 && d3 <= 0 {
            let v = d1 / (d1 - d3)
            return (a + ab * v, .edgeAB)
        }
        let cp = p - c
        let d5 = ab.dot(cp), d6 = ac.dot(cp)
        if d6 >= 0 && d5 <= d6 { return (c, .vertexC) }
        let vb = d5 * d2 - d1 * d6
        if vb <= 0 && d2 >= 0 && d6 <= 0 {
            let w = d2 / (d2 - d6)
            return (a + ac * w, .edgeCA)
        }
        let va = d3 * d6 - d5 * d4
        if va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0 {
            let w = (d4 - d3) / ((d4 - d3) + (d5 - d6))
            return (b + (c - b) * w, .edgeBC)
        }
        let denom = 1 / (va + vb + vc)
        let v = vb * denom, w = vc * denom
        return (a + ab * v + ac * w, .face)
    }
}
