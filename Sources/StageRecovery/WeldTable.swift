/// The weld's hash table: a vertex position's bits → its welded index, by open addressing with a mix of
/// the bits under a per-table random seed — the standard library's seeded hashing costs several times more
/// on the million vertices of a stage model, and a seed unknown to the file keeps crafted collisions out.
struct WeldTable {
    private var keys: [UInt32]
    /// `UInt32.max` marks an empty slot.
    private var values: [UInt32]
    private let mask: Int
    private let seed: UInt64

    /// Room for `capacity` positions at most half full.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = [UInt32](repeating: 0, count: 3 * size)
        values = [UInt32](repeating: .max, count: size)
        mask = size - 1
        var rng = SystemRandomNumberGenerator()
        seed = rng.next()
    }

    /// The index stored for the position (x, y, z) (bit patterns), or `new`, stored for it, when it has none.
    mutating func index(_ x: UInt32, _ y: UInt32, _ z: UInt32, orInsert new: UInt32) -> UInt32 {
        var k = (UInt64(x) | UInt64(y) << 32) ^ seed
        k = (k ^ (k >> 30)) &* 0xbf58_476d_1ce4_e5b9
        k ^= UInt64(z) &* 0x9e37_79b9_7f4a_7c15
        k = (k ^ (k >> 27)) &* 0x94d0_49bb_1331_11eb
        k ^= k >> 31
        var slot = Int(truncatingIfNeeded: k) & mask
        while true {
            let v = values[slot]
            if v == .max {
                keys[3 * slot] = x
                keys[3 * slot + 1] = y
                keys[3 * slot + 2] = z
                values[slot] = new
                return new
            }
            if keys[3 * slot] == x && keys[3 * slot + 1] == y && keys[3 * slot + 2] == z { return v }
            slot = (slot + 1) & mask
        }
    }
}
