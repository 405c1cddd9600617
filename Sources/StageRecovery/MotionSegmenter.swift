import PlanModel

/// Teeth of a fused model (teeth and gingiva one shell) whose topology is the same at every stage, found
/// by their motion (issue step 4): vertices that move form teeth where one rigid motion per stage
/// explains them, grown over the mesh's edges from a seed; vertices that never move stay with the
/// gingiva (a tooth that never moves needs no staging check).
enum MotionSegmenter {
    /// A vertex moves when some stage displaces it by more than this (mm).
    static let movingMM = 0.005
    /// A vertex joins a region when the region's motions explain it within this (mm) at every stage.
    static let fitMM = 0.02
    /// Regions smaller than this many vertices are noise, not teeth.
    static let minimumVertices = 20

    struct Segment {
        var vertices: [Int]
        var poses: [Int: RigidTransform]
    }

    /// The moving regions of `base` given each stage's vertex positions (same numbering as `base`).
    static func segment(base: TriangleMesh, stages: [(index: Int, positions: [Float])]) -> [Segment] {
        let n = base.vertexCount
        let p = (0..<n).map(base.vertex)
        let q: [[Vector3]] = stages.map { s in (0..<n).map { Vector3(Double(s.positions[3 * $0]), Double(s.positions[3 * $0 + 1]), Double(s.positions[3 * $0 + 2])) } }
        var neighbours = [[Int]](repeating: [], count: n)
        for t in 0..<base.triangleCount {
            let (a, b, c) = base.triangle(t)
            for (u, v) in [(a, b), (b, c), (c, a)] {
                neighbours[Int(u)].append(Int(v))
                neighbours[Int(v)].append(Int(u))
            }
        }
        let moving = (0..<n).map { i in q.contains { ($0[i] - p[i]).length > movingMM } }
        var assigned = [Bool](repeating: false, count: n)
        var segments: [Segment] = []
        for seed in 0..<n where moving[seed] && !assigned[seed] {
            // The seed region: up to two rings of moving, unassigned neighbours.
            var region = [seed]
            var inRegion: Set<Int> = [seed]
            for _ in 0..<2 {
                for v in region { for w in neighbours[v] where moving[w] && !assigned[w] && inRegion.insert(w).inserted { region.append(w) } }
            }
            guard region.count >= 4, var poses = fit(region, p, q) else { assigned[seed] = true; continue }
            var fitted = region.count
            var queue = region
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for w in neighbours[v] where moving[w] && !assigned[w] && !inRegion.contains(w) {
                    guard explains(poses, w, p, q) else { continue }
                    inRegion.insert(w)
                    region.append(w)
                    queue.append(w)
                    if region.count >= 2 * fitted, let refit = fit(region, p, q) { poses = refit; fitted = region.count }
                }
            }
            for v in region { assigned[v] = true }
            guard region.count >= minimumVertices, let final = fit(region, p, q) else { continue }
            segments.append(Segment(vertices: region.sorted(), poses: Dictionary(uniqueKeysWithValues: zip(stages.map(\.index), final))))
        }
        return segments
    }

    static func fit(_ region: [Int], _ p: [Vector3], _ q: [[Vector3]]) -> [RigidTransform]? {
        let source = region.map { p[$0] }
        var poses: [RigidTransform] = []
        for stage in q {
            guard let t = RigidFit.horn(source: source, target: region.map { stage[$0] }) else { return nil }
            poses.append(t)
        }
        return poses
    }

    static func explains(_ poses: [RigidTransform], _ v: Int, _ p: [Vector3], _ q: [[Vector3]]) -> Bool {
        for (k, pose) in poses.enumerated() where (pose.apply(to: p[v]) - q[k][v]).length > fitMM { return false }
        return true
    }
}
