import Foundation  // acos

extension SurfaceBVH {
    /// One point per distinct position (bit-identical coordinates, +0 and −0 alike), numbered in the order
    /// `corners` first uses them, and the corners renumbered to match. Unused vertices are dropped.
    static func distinctPoints(_ points: [Vector3], _ corners: [Int32]) -> (points: [Vector3], corners: [Int32]) {
        func bits(_ v: Double) -> UInt64 { v == 0 ? 0 : v.bitPattern }
        let keys = points.map { (bits($0.x), bits($0.y), bits($0.z)) }
        var byPosition = Array(points.indices)
        byPosition.sort { keys[$0] < keys[$1] }
        // The first index of each run of equal positions stands for the run.
        var representative = [Int](repeating: 0, count: points.count)
        for (i, v) in byPosition.enumerated() {
            representative[v] = i > 0 && keys[byPosition[i - 1]] == keys[v] ? representative[byPosition[i - 1]] : v
        }
        var number = [Int32](repeating: -1, count: points.count)
        var distinct = [Vector3]()
        var renumbered = [Int32]()
        renumbered.reserveCapacity(corners.count)
        for c in corners {
            let r = representative[Int(c)]
            if number[r] < 0 {
                number[r] = Int32(distinct.count)
                distinct.append(points[r])
            }
            renumbered.append(number[r])
        }
        return (distinct, renumbered)
    }

    /// Face normals, edge pseudo-normals (the sum of the two faces' normals) and angle-weighted vertex
    /// pseudo-normals, for points that are already one per position.
    static func pseudoNormals(_ points: [Vector3], _ corners: [Int32]) -> ([Vector3], [Vector3], [Vector3]) {
        let triangles = corners.count / 3
        var faces = [Vector3](repeating: .zero, count: triangles)
        var vertexSums = [Vector3](repeating: .zero, count: points.count)
        var edgeSums = EdgeSums(capacity: corners.count)
        func edgeKey(_ u: Int32, _ v: Int32) -> UInt64 { UInt64(UInt32(min(u, v))) << 32 | UInt64(UInt32(max(u, v))) }
        for t in 0..<triangles {
            let i0 = corners[3 * t], i1 = corners[3 * t + 1], i2 = corners[3 * t + 2]
            let p0 = points[Int(i0)], p1 = points[Int(i1)], p2 = points[Int(i2)]
            let n = (p1 - p0).cross(p2 - p0).normalized
            faces[t] = n
            func angle(_ at: Vector3, _ u: Vector3, _ v: Vector3) -> Double {
                acos(max(-1, min(1, (u - at).normalized.dot((v - at).normalized))))
            }
            vertexSums[Int(i0)] += n * angle(p0, p1, p2)
            vertexSums[Int(i1)] += n * angle(p1, p2, p0)
            vertexSums[Int(i2)] += n * angle(p2, p0, p1)
            edgeSums.add(edgeKey(i0, i1), n)
            edgeSums.add(edgeKey(i1, i2), n)
            edgeSums.add(edgeKey(i2, i0), n)
        }
        var edges = [Vector3](repeating: .zero, count: corners.count)
        for t in 0..<triangles {
            for k in 0..<3 {
                edges[3 * t + k] = (edgeSums.sum(edgeKey(corners[3 * t + k], corners[3 * t + (k + 1) % 3])) ?? faces[t]).normalized
            }
        }
        return (faces, edges, vertexSums.map(\.normalized))
    }
}

/// Sums of vectors per undirected edge key, in one open-addressing table (no allocation per edge).
struct EdgeSums {
    /// `UInt64.max` marks an empty slot (an edge key of two 31-bit indices never reaches it).
    private var keys: [UInt64]
    private var sums: [Vector3]
    private let mask: Int

    /// Room for `capacity` keys at most.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = [UInt64](repeating: .max, count: size)
        sums = [Vector3](repeating: .zero, count: size)
        mask = size - 1
    }

    mutating func add(_ key: UInt64, _ v: Vector3) {
        var slot = Self.slot(key) & mask
        while keys[slot] != key && keys[slot] != .max { slot = (slot + 1) & mask }
        keys[slot] = key
        sums[slot] += v
    }

    func sum(_ key: UInt64) -> Vector3? {
        var slot = Self.slot(key) & mask
        while keys[slot] != .max {
            if keys[slot] == key { return sums[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// splitmix64's finaliser.
    private static func slot(_ key: UInt64) -> Int {
        var h = key &+ 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }
}
