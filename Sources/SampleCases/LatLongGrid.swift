/// The triangles of a closed latitude–longitude grid: vertex 0 the first pole, then `rings` rings of
/// `segments` vertices, then the second pole; 2·rings·segments triangles.
///
/// Orientation: with u (around) and v (pole to pole) as parameters, each triangle's normal is ∂u × ∂v,
/// which is outward for a surface whose azimuth turns from +x to +z and whose polar angle runs from +y
/// to −y (the crowns' m, l, f coordinates); `flipped` reverses every triangle.
struct LatLongGrid {
    var rings: Int
    var segments: Int

    func indices(flipped: Bool) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(6 * rings * segments)
        func add(_ a: Int, _ b: Int, _ c: Int) {
            out.append(UInt32(a))
            if flipped { out.append(UInt32(c)); out.append(UInt32(b)) } else { out.append(UInt32(b)); out.append(UInt32(c)) }
        }
        let s = segments
        let vertex = { (i: Int, j: Int) in 1 + (i - 1) * s + j % s }
        let last = 1 + rings * s
        for j in 0..<s { add(0, vertex(1, j + 1), vertex(1, j)) }
        if rings > 1 {
            for i in 1..<rings {
                for j in 0..<s {
                    add(vertex(i, j), vertex(i, j + 1), vertex(i + 1, j + 1))
                    add(vertex(i, j), vertex(i + 1, j + 1), vertex(i + 1, j))
                }
            }
        }
        for j in 0..<s { add(vertex(rings, j), vertex(rings, j + 1), last) }
        return out
    }
}
