import PlanModel

/// A shell's vertices in double precision with area-weighted vertex normals: what registration works on.
public struct PointCloud: Sendable {
    public var points: [Vector3]
    /// Unit normals (zero where a vertex has no incident area).
    public var normals: [Vector3]

    /// The vertices and normals of `mesh`.
    public init(_ mesh: TriangleMesh) {
        points = (0..<mesh.vertexCount).map(mesh.vertex)
        var normals = [Vector3](repeating: .zero, count: points.count)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            guard Int(a) < points.count, Int(b) < points.count, Int(c) < points.count else { continue }
            let n = (points[Int(b)] - points[Int(a)]).cross(points[Int(c)] - points[Int(a)])
            normals[Int(a)] += n
            normals[Int(b)] += n
            normals[Int(c)] += n
        }
        self.normals = normals.map(\.normalized)
    }

    /// The mean of the points (zero when there are none).
    public var centroid: Vector3 { points.isEmpty ? .zero : points.reduce(.zero, +) / Double(points.count) }
}
