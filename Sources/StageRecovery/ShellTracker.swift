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
    static func corresponds(_ a: TriangleMesh, _ b: TriangleMesh) -> Bool {
        guard a.vertexCount == b.vertexCount, a.indices == b.indices else { return false }
        for t in 0..<a.triangleCount {
            let (i, j, k) = a.triangle(t)
            for (u, v) in [(i, j), (j, k), (k, i)] {
                let la = (a.vertex(Int(u)) - a.vertex(Int(v))).length
                let lb = (b.vertex(Int(u)) - b.vertex(Int(v))).length
                if abs(la - lb) > edgeTolerance { return false }
            }
        }
        return true
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
