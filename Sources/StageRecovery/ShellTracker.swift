import PlanModel

/// How a later stage's tooth shell was matched to a stage-0 tooth.
public enum MatchMethod: String, Sendable, Hashable, Codable {
    /// Same vertex count, triangles and edge lengths: the planner moved the same mesh; closed-form fit.
    case correspondence
    /// Nearest to the predicted place with a similar shape; ICP.
    case positionAndShape = "position-and-shape"
}

/// Matches a stage's tooth shells to the stage-0 teeth (issue step 2).
enum ShellTracker {
    /// Edge lengths may differ by this much and still be "the same mesh" (Float32 storage of moved
    /// vertices changes lengths by ~1e-5 mm; noise on the order of 0.01 mm is still the same mesh).
    static let edgeTolerance = 0.03

    /// Whether `b` is `a` moved rigidly with the same numbering: same counts, same triangles, equal edges.
    /// Triangles and edges are compared in one pass, so a shell of another tooth with the same
    /// triangulation (a template mesh) is told apart at its first differing edge, not after comparing
    /// every index.
    static func corresponds(_ a: TriangleMesh, _ b: TriangleMesh) -> Bool {
        guard a.vertexCount == b.vertexCount, a.indices.count == b.indices.count else { return false }
        let n = a.vertexCount
        return a.positions.withUnsafeBufferPointer { pa in
            b.positions.withUnsafeBufferPointer { pb in
                a.indices.withUnsafeBufferPointer { ix in
                    b.indices.withUnsafeBufferPointer { jx in
                        func length(_ p: UnsafeBufferPointer<Float>, _ u: Int, _ v: Int) -> Double {
                            let dx = Double(p[3 * u]) - Double(p[3 * v]), dy = Double(p[3 * u + 1]) - Double(p[3 * v + 1])
                            let dz = Double(p[3 * u + 2]) - Double(p[3 * v + 2])
                            return (dx * dx + dy * dy + dz * dz).squareRoot()
                        }
                        var t = 0
                        while t + 2 < ix.count {
                            guard ix[t] == jx[t], ix[t + 1] == jx[t + 1], ix[t + 2] == jx[t + 2] else { return false }
                            let c = (Int(ix[t]), Int(ix[t + 1]), Int(ix[t + 2]))
                            guard c.0 < n, c.1 < n, c.2 < n else { return false }
                            // Edge k of each triangle joins corners k and (k + 1) % 3.
                            if abs(length(pa, c.0, c.1) - length(pb, c.0, c.1)) > edgeTolerance
                                || abs(length(pa, c.1, c.2) - length(pb, c.1, c.2)) > edgeTolerance
                                || abs(length(pa, c.2, c.0) - length(pb, c.2, c.0)) > edgeTolerance { return false }
                            t += 3
                        }
                        return (t..<ix.count).allSatisfy { ix[$0] == jx[$0] }
                    }
                }
            }
        }
    }

    /// A rotation-invariant size signature: the square roots of the principal spreads.
    static func signature(_ points: [Vector3]) -> [Double] {
        (PrincipalAxes(points)?.spreads ?? [0, 0, 0]).map { $0.squareRoot() }
    }

    /// Greedy assignment of `candidates` (index, centroid, signature) to `teeth` (index, predicted centroid,
    /// signature) by ascending cost; a pair farther than `maxDistance` or more different in shape than
    /// `maxShape` is never made.
    static func assign(candidates: [(Int, Vector3, [Double])], teeth: [(Int, Vector3, [Double])],
                       maxDistance: Double = 4, maxShape: Double = 1.5) -> [Int: Int] {
        var pairs: [(cost: Double, c: Int, t: Int)] = []
        for c in candidates {
            for t in teeth {
                let d = (c.1 - t.1).length
                let shape = zip(c.2, t.2).reduce(0) { $0 + abs($1.0 - $1.1) }
                guard d <= maxDistance, shape <= maxShape else { continue }
                pairs.append((d + shape, c.0, t.0))
            }
        }
        pairs.sort { ($0.cost, $0.c, $0.t) < ($1.cost, $1.c, $1.t) }
        var used = Set<Int>(), taken = Set<Int>()
        var result: [Int: Int] = [:]
        for p in pairs where !used.contains(p.c) && !taken.contains(p.t) {
            result[p.c] = p.t
            used.insert(p.c)
            taken.insert(p.t)
        }
        return result
    }
}
