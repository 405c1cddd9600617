import Foundation
import PlanModel

/// Checks a mesh for what manufacturing cares about: holes, non-manifold and flipped faces,
/// degenerate triangles, bad numbers and implausible units. Pure; linear apart from two sorts.
public enum MeshInspector {
    /// Inspects the mesh; never traps, whatever the indices and coordinates hold.
    public static func inspect(_ mesh: TriangleMesh) -> MeshReport {
        let n = mesh.vertexCount
        let p = mesh.positions, ix = mesh.indices

        // Bounds over finite vertices only, so one NaN cannot hide the real size.
        var nonFinite = 0
        var lo = (Float.infinity, Float.infinity, Float.infinity), hi = (-Float.infinity, -Float.infinity, -Float.infinity)
        for v in 0..<n {
            let x = p[3 * v], y = p[3 * v + 1], z = p[3 * v + 2]
            guard x.isFinite, y.isFinite, z.isFinite else { nonFinite += 1; continue }
            lo = (min(lo.0, x), min(lo.1, y), min(lo.2, z))
            hi = (max(hi.0, x), max(hi.1, y), max(hi.2, z))
        }
        let bounds: BoundingBox? = nonFinite == n ? nil : BoundingBox(
            min: Vector3(Double(lo.0), Double(lo.1), Double(lo.2)), max: Vector3(Double(hi.0), Double(hi.1), Double(hi.2)))
        let scale = bounds?.largestExtent ?? 0
        let centre = bounds?.center ?? .zero
        // Twice-area threshold relative to the mesh size, so the test does not depend on units.
        let tinyArea = 1e-12 * scale * scale

        let limit = UInt32(clamping: n)
        func wellFormed(_ t: Int) -> Bool {
            let a = ix[3 * t], b = ix[3 * t + 1], c = ix[3 * t + 2]
            return a < limit && b < limit && c < limit && a != b && b != c && a != c
        }

        var used = [Bool](repeating: false, count: n)
        var invalid = 0, degenerate = 0
        var volume6 = 0.0  // six times the signed volume: divided once at the end
        for t in 0..<mesh.triangleCount {
            let a = ix[3 * t], b = ix[3 * t + 1], c = ix[3 * t + 2]
            guard a < limit, b < limit, c < limit else { invalid += 1; continue }
            used[Int(a)] = true; used[Int(b)] = true; used[Int(c)] = true
            guard a != b, b != c, a != c else { degenerate += 1; continue }
            let pa = mesh.vertex(Int(a)) - centre, pb = mesh.vertex(Int(b)) - centre, pc = mesh.vertex(Int(c)) - centre
            let cross = (pb - pa).cross(pc - pa)
            if cross.length <= tinyArea { degenerate += 1 }
            volume6 += pa.dot(pb.cross(pc))
        }
        let unused = used.reduce(0) { $0 + ($1 ? 0 : 1) }

        let edges = EdgeTopology(indices: ix, include: wellFormed)
        let watertight = mesh.triangleCount > 0 && invalid == 0 && edges.boundary == 0 && edges.nonManifold == 0
        let consistent = mesh.triangleCount > 0 && edges.inconsistent == 0
        let signedVolume = watertight && consistent && nonFinite == 0 && volume6.isFinite ? volume6 / 6 : nil
        let (unit, reasoning) = UnitGuess.guess(largestExtent: scale)

        var problems: [MeshProblem] = []
        func report(_ code: MeshProblem.Code, _ count: Int, _ message: String) {
            if count > 0 { problems.append(MeshProblem(code: code, message: message, count: count)) }
        }
        report(.empty, mesh.triangleCount == 0 ? 1 : 0,
               n > 0 ? "the mesh has no triangles (\(n) vertices only: a point cloud?)" : "the mesh has no vertices or triangles")
        report(.invalidIndices, invalid, "\(invalid) triangles refer to vertices that do not exist")
        report(.nonFinite, nonFinite, "\(nonFinite) vertices have NaN or infinite coordinates")
        report(.degenerateTriangles, degenerate, "\(degenerate) triangles are degenerate (a repeated corner or zero area)")
        report(.openBoundary, edges.boundary,
               "\(edges.boundary) edges belong to only one triangle: the surface has holes or open borders")
        report(.nonManifold, edges.nonManifold, "\(edges.nonManifold) edges are shared by more than two triangles")
        report(.inconsistentOrientation, edges.inconsistent,
               "\(edges.inconsistent) edges are traversed in the same direction by both their triangles: some faces are flipped")
        if let v = signedVolume, v < 0 {
            report(.inverted, 1, "the closed surface encloses a negative volume (\(String(format: "%.4g", v))): its faces point inward")
        }
        report(.unusedVertices, mesh.triangleCount > 0 ? unused : 0, "\(unused) vertices are not used by any triangle")
        if mesh.triangleCount > 0, unit != .millimetres {
            report(.unitsSuspect, 1, "the size does not look like millimetres (guess: \(unit.rawValue)): \(reasoning)")
        }

        return MeshReport(
            vertexCount: n, triangleCount: mesh.triangleCount, bounds: bounds, extent: bounds?.size,
            edgeCount: edges.edges, boundaryEdgeCount: edges.boundary, nonManifoldEdgeCount: edges.nonManifold,
            inconsistentEdgeCount: edges.inconsistent, degenerateTriangleCount: degenerate, invalidTriangleCount: invalid,
            nonFiniteVertexCount: nonFinite, unusedVertexCount: unused, isWatertight: watertight,
            isConsistentlyOriented: consistent, signedVolume: signedVolume, unitGuess: unit, unitReasoning: reasoning,
            problems: problems)
    }
}
