/// An axis-aligned box in millimetres.
public struct BoundingBox: Hashable, Codable, Sendable {
    public var min: Vector3
    public var max: Vector3

    public init(min: Vector3, max: Vector3) {
        self.min = min
        self.max = max
    }

    /// The smallest box holding every point; nil when there are none.
    public init?<S: Sequence>(points: S) where S.Element == Vector3 {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var lo = first, hi = first
        while let p = it.next() {
            lo = Vector3(Swift.min(lo.x, p.x), Swift.min(lo.y, p.y), Swift.min(lo.z, p.z))
            hi = Vector3(Swift.max(hi.x, p.x), Swift.max(hi.y, p.y), Swift.max(hi.z, p.z))
        }
        self.init(min: lo, max: hi)
    }

    /// Edge lengths along x, y, z.
    public var size: Vector3 { max - min }
    public var center: Vector3 { (min + max) / 2 }
    /// The largest edge length.
    public var largestExtent: Double { Swift.max(size.x, size.y, size.z) }

    /// The smallest box holding both.
    public func union(_ o: BoundingBox) -> BoundingBox {
        BoundingBox(
            min: Vector3(Swift.min(min.x, o.min.x), Swift.min(min.y, o.min.y), Swift.min(min.z, o.min.z)),
            max: Vector3(Swift.max(max.x, o.max.x), Swift.max(max.y, o.max.y), Swift.max(max.z, o.max.z)))
    }

    public func contains(_ p: Vector3, tolerance: Double = 0) -> Bool {
        p.x >= min.x - tolerance && p.y >= min.y - tolerance && p.z >= min.z - tolerance
            && p.x <= max.x + tolerance && p.y <= max.y + tolerance && p.z <= max.z + tolerance
    }
}
