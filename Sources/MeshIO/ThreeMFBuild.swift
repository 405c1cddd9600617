import PlanModel

extension ThreeMFModel {
    /// Everything the build manufactures as one mesh in build coordinates: each item's object with the
    /// item's transform applied (p′ = p·M), components resolved through their own transforms (a
    /// component's first, then its parent's), in the model's unit. References to missing objects and
    /// nesting deeper than 32 levels are skipped (the reader refuses the former already).
    public func buildMesh() -> TriangleMesh {
        var byID: [Int: ThreeMFObject] = [:]
        for object in objects where byID[object.id] == nil { byID[object.id] = object }
        var out = TriangleMesh()
        func add(_ id: Int, _ transform: ThreeMFTransform, depth: Int) {
            guard depth < 32, let object = byID[id] else { return }
            switch object.content {
            case let .mesh(mesh):
                out.append(transform.isIdentity ? mesh : transform.applied(to: mesh))
            case let .components(components):
                for c in components { add(c.objectID, transform.after(c.transform ?? .identity), depth: depth + 1) }
            }
        }
        for item in build { add(item.objectID, item.transform ?? .identity, depth: 0) }
        return out
    }
}

extension ThreeMFModel {
    /// A cycle among the components, as the object ids along it (the first repeated at the end), or nil.
    /// The writer refuses a model with one; a model read from a file has none (the reader requires every
    /// object to be defined before it is referenced). References to missing objects are not followed.
    public func componentCycle() -> [Int]? {
        var byID: [Int: ThreeMFObject] = [:]
        for object in objects where byID[object.id] == nil { byID[object.id] = object }
        enum Mark { case open, done }
        var marks: [Int: Mark] = [:]
        // Depth-first, without recursion: each frame is an object and the next component to follow.
        for root in objects where marks[root.id] == nil {
            var path: [(id: Int, next: Int)] = [(root.id, 0)]
            marks[root.id] = .open
            while let top = path.last {
                let components = byID[top.id]?.components ?? []
                guard top.next < components.count else {
                    marks[top.id] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let child = components[top.next].objectID
                switch marks[child] {
                case .open?:
                    let start = path.firstIndex { $0.id == child } ?? 0
                    return path[start...].map(\.id) + [child]
                case .done?:
                    continue
                case nil:
                    guard byID[child] != nil else { continue }
                    marks[child] = .open
                    path.append((child, 0))
                }
            }
        }
        return nil
    }
}

extension ThreeMFTransform {
    /// `mesh` with every vertex moved by this transform (computed in double, stored as Float32).
    public func applied(to mesh: TriangleMesh) -> TriangleMesh {
        var positions = mesh.positions
        var i = 0
        while i + 2 < positions.count {
            let p = apply(to: Vector3(Double(positions[i]), Double(positions[i + 1]), Double(positions[i + 2])))
            positions[i] = Float(p.x)
            positions[i + 1] = Float(p.y)
            positions[i + 2] = Float(p.z)
            i += 3
        }
        return TriangleMesh(positions: positions, indices: mesh.indices)
    }
}
