extension SurfaceBVH {
    /// A top-down hierarchy over the triangles (`corners`: three point indices each): each node's triangles
    /// are split at the median centroid along the longest axis of their centroids' box, until a leaf holds
    /// at most `leafSize`. The median is found by selection, not sorting, so the build is O(n log n).
    /// Nodes are stored depth first (a left child right after its parent); `order` maps slots to triangles.
    static func hierarchy(_ points: [Vector3], _ corners: [Int32]) -> (nodes: [Node], order: [Int32], depth: Int) {
        let triangles = corners.count / 3
        guard triangles > 0 else { return ([], [], 0) }
        var boxLo = [Vector3](), boxHi = [Vector3]()
        var cx = [Double](repeating: 0, count: triangles), cy = cx, cz = cx
        boxLo.reserveCapacity(triangles)
        boxHi.reserveCapacity(triangles)
        for t in 0..<triangles {
            let a = points[Int(corners[3 * t])], b = points[Int(corners[3 * t + 1])], c = points[Int(corners[3 * t + 2])]
            boxLo.append(Vector3(min(a.x, b.x, c.x), min(a.y, b.y, c.y), min(a.z, b.z, c.z)))
            boxHi.append(Vector3(max(a.x, b.x, c.x), max(a.y, b.y, c.y), max(a.z, b.z, c.z)))
            cx[t] = (a.x + b.x + c.x) / 3
            cy[t] = (a.y + b.y + c.y) / 3
            cz[t] = (a.z + b.z + c.z) / 3
        }
        var order = (0..<triangles).map { Int32($0) }
        var nodes = [Node]()
        nodes.reserveCapacity(2 * (triangles / leafSize + 1))
        var depth = 0

        func add(_ range: Range<Int>) -> Int {
            var lo = Vector3(.infinity, .infinity, .infinity), hi = -lo
            for slot in range {
                let t = Int(order[slot])
                lo = Vector3(min(lo.x, boxLo[t].x), min(lo.y, boxLo[t].y), min(lo.z, boxLo[t].z))
                hi = Vector3(max(hi.x, boxHi[t].x), max(hi.y, boxHi[t].y), max(hi.z, boxHi[t].z))
            }
            nodes.append(Node(lo: lo, hi: hi, start: Int32(range.lowerBound), count: Int32(range.count), right: -1))
            return nodes.count - 1
        }
        // Depth first, each node split right after it is made, so a left child sits at its parent + 1 and
        // the right child is made once the whole left subtree is.
        enum Work { case split(Range<Int>, Int, level: Int), right(Range<Int>, parent: Int, level: Int) }
        var work: [Work] = [.split(0..<triangles, add(0..<triangles), level: 0)]
        while let item = work.popLast() {
            let range: Range<Int>, index: Int, level: Int
            switch item {
            case let .split(r, i, l): (range, index, level) = (r, i, l)
            case let .right(r, parent, l):
                let i = add(r)
                nodes[parent].right = Int32(i)
                (range, index, level) = (r, i, l)
            }
            depth = max(depth, level)
            guard range.count > leafSize else { continue }
            var lo = Vector3(.infinity, .infinity, .infinity), hi = -lo
            for slot in range {
                let t = Int(order[slot])
                lo = Vector3(min(lo.x, cx[t]), min(lo.y, cy[t]), min(lo.z, cz[t]))
                hi = Vector3(max(hi.x, cx[t]), max(hi.y, cy[t]), max(hi.z, cz[t]))
            }
            let size = hi - lo
            let longest = max(size.x, size.y, size.z)
            guard longest > 0 else { continue }  // every centroid equal: one leaf
            let mid = range.lowerBound + range.count / 2
            selectNth(&order, in: range, nth: mid, by: size.x == longest ? cx : size.y == longest ? cy : cz)
            nodes[index].count = 0
            work.append(.right(mid..<range.upperBound, parent: index, level: level + 1))
            work.append(.split(range.lowerBound..<mid, add(range.lowerBound..<mid), level: level + 1))
        }
        return (nodes, order, depth)
    }

    /// Rearranges `order[range]` so that the element at `nth` is the one a sort by `key` would put there,
    /// with no greater key before it and no smaller one after (Hoare's selection, median-of-three pivot).
    static func selectNth(_ order: inout [Int32], in range: Range<Int>, nth: Int, by key: [Double]) {
        key.withUnsafeBufferPointer { key in
            order.withUnsafeMutableBufferPointer { o in
                func k(_ i: Int) -> Double { key[Int(o[i])] }
                var l = range.lowerBound, r = range.upperBound - 1
                while l < r {
                    let a = k(l), b = k((l + r) / 2), c = k(r)
                    let pivot = max(min(a, b), min(max(a, b), c))
                    var i = l, j = r
                    while i <= j {
                        while k(i) < pivot { i += 1 }
                        while k(j) > pivot { j -= 1 }
                        if i <= j {
                            o.swapAt(i, j)
                            i += 1
                            j -= 1
                        }
                    }
                    if nth <= j { r = j } else if nth >= i { l = i } else { return }
                }
            }
        }
    }

    /// The triangles' corners in slot order.
    static func reordered(_ corners: [Int32], slots order: [Int32]) -> [Int32] {
        var out = [Int32]()
        out.reserveCapacity(corners.count)
        for t in order.map(Int.init) {
            out.append(corners[3 * t])
            out.append(corners[3 * t + 1])
            out.append(corners[3 * t + 2])
        }
        return out
    }
}
