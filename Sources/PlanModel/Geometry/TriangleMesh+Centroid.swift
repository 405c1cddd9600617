extension TriangleMesh {
    /// The area-weighted centroid of the surface (uneven triangle density does not pull it); the mean of
    /// the vertices when the surface has no area; nil without vertices.
    public var areaCentroid: Vector3? {
        guard vertexCount > 0 else { return nil }
        var sum = Vector3.zero
        var area = 0.0
        for t in 0..<triangleCount {
            let (a, b, c) = triangle(t)
            let p = vertex(Int(a)), q = vertex(Int(b)), r = vertex(Int(c))
            let w = (q - p).cross(r - p).length / 2
            sum += (p + q + r) * (w / 3)
            area += w
        }
        if area > 0, (sum / area).isFinite { return sum / area }
        var mean = Vector3.zero
        for v in 0..<vertexCount { mean += vertex(v) }
        return mean / Double(vertexCount)
    }
}
