import Foundation  // acos

extension SurfaceBVH {
    /// Face normals, edge pseudo-normals (the sum of the two faces' normals) and angle-weighted vertex
    /// pseudo-normals, with vertices and edges identified by position.
    static func pseudoNormals(_ points: [Vector3], _ corners: [Int32]) -> ([Vector3], [Vector3], [Vector3]) {
        // One id per distinct position, so unwelded copies of a vertex share their normal.
        var idOfPosition = [Vector3: Int32](minimumCapacity: points.count)
        var canonical = [Int32](repeating: 0, count: points.count)
        for (i, p) in points.enumerated() {
            if let id = idOfPosition[p] { canonical[i] = id } else {
                idOfPosition[p] = Int32(i)
                canonical[i] = Int32(i)
            }
        }
        let triangles = corners.count / 3
        var faces = [Vector3](repeating: .zero, count: triangles)
        var vertexSums = [Vector3](repeating: .zero, count: points.count)
        var edgeSums = [UInt64: Vector3](minimumCapacity: corners.count)
        func edgeKey(_ u: Int32, _ v: Int32) -> UInt64 {
            let a = canonical[Int(u)], b = canonical[Int(v)]
            return UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
        }
        for t in 0..<triangles {
            let i = [corners[3 * t], corners[3 * t + 1], corners[3 * t + 2]]
            let p = i.map { points[Int($0)] }
            let n = (p[1] - p[0]).cross(p[2] - p[0]).normalized
            faces[t] = n
            for k in 0..<3 {
                let e1 = (p[(k + 1) % 3] - p[k]).normalized, e2 = (p[(k + 2) % 3] - p[k]).normalized
                let angle = acos(max(-1, min(1, e1.dot(e2))))
                vertexSums[Int(canonical[Int(i[k])])] += n * angle
                edgeSums[edgeKey(i[k], i[(k + 1) % 3]), default: .zero] += n
            }
        }
        var edges = [Vector3](repeating: .zero, count: corners.count)
        for t in 0..<triangles {
            for k in 0..<3 {
                edges[3 * t + k] = (edgeSums[edgeKey(corners[3 * t + k], corners[3 * t + (k + 1) % 3])] ?? faces[t]).normalized
            }
        }
        let vertices = (0..<points.count).map { vertexSums[Int(canonical[$0])].normalized }
        return (faces, edges, vertices)
    }

    /// A top-down hierarchy: each node's triangles split at the median centroid along the longest axis of
    /// their centroids' box, until a leaf holds at most `leafSize`.
    static func hierarchy(_ points: [Vector3], _ corners: [Int32]) -> ([Node], [Int32]) {
        let triangles = corners.count / 3
        guard triangles > 0 else { return ([], []) }
        let centroids = (0..<triangles).map { t in
            (points[Int(corners[3 * t])] + points[Int(corners[3 * t + 1])] + points[Int(corners[3 * t + 2])]) / 3
        }
        var order = (0..<triangles).map { Int32($0) }
        var nodes = [Node]()
        nodes.reserveCapacity(2 * triangles / leafSize + 1)

        func bounds(_ range: Range<Int>) -> (Vector3, Vector3) {
            var lo = Vector3(.infinity, .infinity, .infinity), hi = -lo
            for slot in range {
                let t = Int(order[slot])
                for k in 0..<3 {
                    let p = points[Int(corners[3 * t + k])]
                    lo = Vector3(min(lo.x, p.x), min(lo.y, p.y), min(lo.z, p.z))
                    hi = Vector3(max(hi.x, p.x), max(hi.y, p.y), max(hi.z, p.z))
                }
            }
            return (lo, hi)
        }

        func add(_ range: Range<Int>) -> Int {
            let (lo, hi) = bounds(range)
            nodes.append(Node(lo: lo, hi: hi, start: Int32(range.lowerBound), count: Int32(range.count), right: -1))
            return nodes.count - 1
        }
        // Depth first, each node split right after it is made, so a left child sits at its parent + 1 and
        // the right child is made once the whole left subtree is.
        enum Work { case split(Range<Int>, Int), right(Range<Int>, parent: Int) }
        var work: [Work] = [.split(0..<triangles, add(0..<triangles))]
        while let item = work.popLast() {
            let range: Range<Int>, index: Int
            switch item {
            case let .split(r, i): (range, index) = (r, i)
            case let .right(r, parent):
                let i = add(r)
                nodes[parent].right = Int32(i)
                (range, index) = (r, i)
            }
            guard range.count > leafSize else { continue }
            var lo = Vector3(.infinity, .infinity, .infinity), hi = -lo
            for slot in range {
                let c = centroids[Int(order[slot])]
                lo = Vector3(min(lo.x, c.x), min(lo.y, c.y), min(lo.z, c.z))
                hi = Vector3(max(hi.x, c.x), max(hi.y, c.y), max(hi.z, c.z))
            }
            let size = hi - lo
            guard max(size.x, size.y, size.z) > 0 else { continue }  // every centroid equal: one leaf
            let axis = size.x >= size.y && size.x >= size.z ? 0 : size.y >= size.z ? 1 : 2
            func key(_ t: Int32) -> Double {
                let c = centroids[Int(t)]
                return axis == 0 ? c.x : axis == 1 ? c.y : c.z
            }
            order[range].sort { key($0) < key($1) }
            let mid = range.lowerBound + range.count / 2
            nodes[index].count = 0
            work.append(.right(mid..<range.upperBound, parent: index))
            work.append(.split(range.lowerBound..<mid, add(range.lowerBound..<mid)))
        }
        return (nodes, order)
    }
}
