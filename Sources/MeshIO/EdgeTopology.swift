/// Edge-use counts for a triangle list, by sorting packed 64-bit edge keys and counting runs:
/// two flat arrays for the whole mesh, nothing allocated per triangle.
struct EdgeTopology {
    var edges = 0
    /// Used once.
    var boundary = 0
    /// Used three or more times.
    var nonManifold = 0
    /// Used exactly twice, both times in the same direction.
    var inconsistent = 0

    /// `include(t)` says whether triangle t takes part (well-formed: corners exist and differ).
    init(indices: [UInt32], include: (Int) -> Bool) {
        let triangles = indices.count / 3
        var undirected: [UInt64] = []
        var directed: [UInt64] = []
        undirected.reserveCapacity(triangles * 3)
        directed.reserveCapacity(triangles * 3)
        func add(_ u: UInt32, _ v: UInt32) {
            directed.append(UInt64(u) << 32 | UInt64(v))
            undirected.append(UInt64(Swift.min(u, v)) << 32 | UInt64(Swift.max(u, v)))
        }
        for t in 0..<triangles where include(t) {
            let a = indices[3 * t], b = indices[3 * t + 1], c = indices[3 * t + 2]
            add(a, b); add(b, c); add(c, a)
        }
        undirected.sort()
        directed.sort()

        var i = 0
        while i < undirected.count {
            var j = i + 1
            while j < undirected.count, undirected[j] == undirected[i] { j += 1 }
            edges += 1
            if j - i == 1 { boundary += 1 } else if j - i > 2 { nonManifold += 1 }
            i = j
        }
        // A directed edge seen twice means two triangles disagree on orientation there; edges with
        // more than two uses are already non-manifold and have no well-defined orientation.
        i = 0
        while i < directed.count {
            var j = i + 1
            while j < directed.count, directed[j] == directed[i] { j += 1 }
            if j - i >= 2 {
                let u = UInt32(truncatingIfNeeded: directed[i] >> 32), v = UInt32(truncatingIfNeeded: directed[i])
                let key = UInt64(Swift.min(u, v)) << 32 | UInt64(Swift.max(u, v))
                if Self.count(of: key, in: undirected) == 2 { inconsistent += 1 }
            }
            i = j
        }
    }

    /// Occurrences of `key` in a sorted array (two binary searches).
    private static func count(of key: UInt64, in sorted: [UInt64]) -> Int {
        func bound(_ upper: Bool) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] < key || (upper && sorted[mid] == key) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return bound(true) - bound(false)
    }
}
