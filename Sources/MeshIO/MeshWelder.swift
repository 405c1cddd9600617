import PlanModel

/// Turns a triangle soup (three corners per triangle, as STL stores it) into an indexed mesh by merging
/// corners whose positions are bit-identical. Open addressing over flat arrays: no per-corner allocation.
struct MeshWelder {
    private(set) var positions: [Float] = []
    private(set) var indices: [UInt32] = []
    /// Slots hold vertex index + 1; 0 is empty.
    private var table: [UInt32]
    private var mask: Int

    /// Sized for `triangles` triangles (a closed mesh has about half as many vertices as triangles).
    init(expectedTriangles triangles: Int) {
        let t = Swift.max(0, Swift.min(triangles, 1 << 26))
        positions.reserveCapacity(Swift.min(t * 9, t * 3 / 2 + 64))
        indices.reserveCapacity(t * 3)
        var size = 64
        while size < t * 2 { size <<= 1 }
        table = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    /// A welder that already holds `positions` (distinct vertices) and `indices`, to go on welding more
    /// corners against them; nil when two of the positions are one.
    init?(positions: [Float], indices: [UInt32], expectedTriangles triangles: Int) {
        self.init(expectedTriangles: Swift.max(triangles, positions.count / 3))
        self.positions = positions
        self.indices = indices
        for v in 0..<positions.count / 3 {
            let p = 3 * v
            let bx = positions[p].bitPattern, by = positions[p + 1].bitPattern, bz = positions[p + 2].bitPattern
            var slot = Self.hash(bx, by, bz) & mask
            while table[slot] != 0 {
                let o = Int(table[slot] - 1) * 3
                if positions[o].bitPattern == bx, positions[o + 1].bitPattern == by, positions[o + 2].bitPattern == bz { return nil }
                slot = (slot + 1) & mask
            }
            table[slot] = UInt32(v + 1)
        }
    }

    var vertexCount: Int { positions.count / 3 }

    /// Whether a vertex at (x, y, z) is held (+0 and -0 alike).
    func contains(_ x: Float, _ y: Float, _ z: Float) -> Bool {
        let bx = x == 0 ? 0 : x.bitPattern, by = y == 0 ? 0 : y.bitPattern, bz = z == 0 ? 0 : z.bitPattern
        var slot = Self.hash(bx, by, bz) & mask
        while table[slot] != 0 {
            let v = Int(table[slot] - 1) * 3
            if positions[v].bitPattern == bx, positions[v + 1].bitPattern == by, positions[v + 2].bitPattern == bz { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
    var mesh: TriangleMesh { TriangleMesh(positions: positions, indices: indices) }

    /// Adds one corner; +0 and -0 are merged (stored as +0), everything else must match bit for bit.
    @inline(__always)
    mutating func addCorner(_ x: Float, _ y: Float, _ z: Float) {
        let bx = x == 0 ? 0 : x.bitPattern, by = y == 0 ? 0 : y.bitPattern, bz = z == 0 ? 0 : z.bitPattern
        var slot = Self.hash(bx, by, bz) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let v = Int(entry - 1) * 3
            if positions[v].bitPattern == bx, positions[v + 1].bitPattern == by, positions[v + 2].bitPattern == bz {
                indices.append(entry - 1)
                return
            }
            slot = (slot + 1) & mask
        }
        let index = UInt32(vertexCount)
        positions.append(Float(bitPattern: bx))
        positions.append(Float(bitPattern: by))
        positions.append(Float(bitPattern: bz))
        table[slot] = index + 1
        indices.append(index)
        if vertexCount * 2 > table.count { grow() }
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for v in 0..<vertexCount {
            let p = v * 3
            var slot = Self.hash(positions[p].bitPattern, positions[p + 1].bitPattern, positions[p + 2].bitPattern) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(v + 1)
        }
    }

    @inline(__always)
    private static func hash(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> Int {
        // splitmix64 finaliser over the packed bit patterns.
        var h = (UInt64(x) | UInt64(y) << 32) ^ (UInt64(z) &* 0x9E37_79B9_7F4A_7C15)
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// Welds a flat soup of corner positions (9 floats per triangle).
    static func weld(soup: [Float]) -> TriangleMesh {
        var welder = MeshWelder(expectedTriangles: soup.count / 9)
        var i = 0
        while i + 2 < soup.count {
            welder.addCorner(soup[i], soup[i + 1], soup[i + 2])
            i += 3
        }
        return welder.mesh
    }
}
