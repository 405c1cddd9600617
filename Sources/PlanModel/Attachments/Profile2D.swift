import Foundation  // cos, sin

/// A simple closed polygon in a plane (mm), the cross-section a solid is extruded from.
/// Internal: attachment shapes are built from these; nothing outside PlanModel needs them.
struct Profile2D: Sendable {
    /// The corners, counter-clockwise, without repeated or collinear corners.
    let points: [(u: Double, v: Double)]

    /// Cleans `points` (drops repeats and collinear corners) and orders them counter-clockwise.
    /// Nil when fewer than three proper corners remain or the outline crosses itself.
    init?(_ raw: [(u: Double, v: Double)]) {
        var pts = raw
        // Repeated removal: dropping one corner can make its neighbour collinear.
        var changed = true
        while changed && pts.count >= 3 {
            changed = false
            for i in pts.indices {
                let a = pts[(i + pts.count - 1) % pts.count], b = pts[i], c = pts[(i + 1) % pts.count]
                let cross = (b.u - a.u) * (c.v - b.v) - (b.v - a.v) * (c.u - b.u)
                let scale = max(abs(b.u - a.u) + abs(b.v - a.v), abs(c.u - b.u) + abs(c.v - b.v))
                if scale == 0 || abs(cross) <= 1e-12 * scale * scale {
                    pts.remove(at: i)
                    changed = true
                    break
                }
            }
        }
        guard pts.count >= 3, Self.isSimple(pts) else { return nil }
        points = Self.signedArea(pts) < 0 ? pts.reversed() : pts
    }

    /// The signed area; positive for counter-clockwise corners.
    static func signedArea(_ p: [(u: Double, v: Double)]) -> Double {
        var sum = 0.0
        for i in p.indices {
            let a = p[i], b = p[(i + 1) % p.count]
            sum += a.u * b.v - b.u * a.v
        }
        return sum / 2
    }

    /// Triangles covering the polygon, as index triples into `points`, each counter-clockwise.
    /// Ear clipping: O(n³) but profiles have a few dozen corners at most. Nil if no ear is found
    /// (only possible through rounding, as the outline is simple).
    func triangulated() -> [(Int, Int, Int)]? {
        var remaining = Array(points.indices)
        var out: [(Int, Int, Int)] = []
        out.reserveCapacity(points.count - 2)
        while remaining.count > 3 {
            guard let ear = remaining.indices.first(where: { isEar(at: $0, in: remaining) }) else { return nil }
            let n = remaining.count
            out.append((remaining[(ear + n - 1) % n], remaining[ear], remaining[(ear + 1) % n]))
            remaining.remove(at: ear)
        }
        let last = (remaining[0], remaining[1], remaining[2])
        guard Self.cross(points[last.0], points[last.1], points[last.2]) > 0 else { return nil }
        out.append(last)
        return out
    }

    /// Whether two edges that share no corner meet anywhere (touching counts).
    private static func edgesMeet(_ a: (u: Double, v: Double), _ b: (u: Double, v: Double),
                                  _ c: (u: Double, v: Double), _ d: (u: Double, v: Double)) -> Bool {
        let o1 = cross(a, b, c), o2 = cross(a, b, d), o3 = cross(c, d, a), o4 = cross(c, d, b)
        if o1 == 0 && o2 == 0 {  // collinear: do the extents overlap?
            return max(min(a.u, b.u), min(c.u, d.u)) <= min(max(a.u, b.u), max(c.u, d.u))
                && max(min(a.v, b.v), min(c.v, d.v)) <= min(max(a.v, b.v), max(c.v, d.v))
        }
        let cdStraddlesAB = o1 == 0 || o2 == 0 || (o1 < 0) != (o2 < 0)
        let abStraddlesCD = o3 == 0 || o4 == 0 || (o3 < 0) != (o4 < 0)
        return cdStraddlesAB && abStraddlesCD
    }

    /// Whether no two non-neighbouring edges meet (O(n²), fine for profiles).
    private static func isSimple(_ p: [(u: Double, v: Double)]) -> Bool {
        let n = p.count
        for i in 0..<n {
            for j in (i + 2)..<max(i + 2, n) where !(i == 0 && j == n - 1) {
                if edgesMeet(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n]) { return false }
            }
        }
        return true
    }

    private func isEar(at i: Int, in ring: [Int]) -> Bool {
        let n = ring.count
        let ia = ring[(i + n - 1) % n], ib = ring[i], ic = ring[(i + 1) % n]
        let a = points[ia], b = points[ib], c = points[ic]
        guard Self.cross(a, b, c) > 0 else { return false }  // reflex or flat corner
        // No other remaining corner may lie inside or on the candidate triangle.
        for j in ring where j != ia && j != ib && j != ic {
            let p = points[j]
            if Self.cross(a, b, p) >= 0 && Self.cross(b, c, p) >= 0 && Self.cross(c, a, p) >= 0 { return false }
        }
        return true
    }

    private static func cross(_ a: (u: Double, v: Double), _ b: (u: Double, v: Double),
                              _ c: (u: Double, v: Double)) -> Double {
        (b.u - a.u) * (c.v - a.v) - (b.v - a.v) * (c.u - a.u)
    }

    /// The rectangle [u0, u1] × [v0, v1].
    static func rectangle(u: ClosedRange<Double>, v: ClosedRange<Double>) -> Profile2D? {
        Profile2D([(u.lowerBound, v.lowerBound), (u.upperBound, v.lowerBound),
                   (u.upperBound, v.upperBound), (u.lowerBound, v.upperBound)])
    }

    /// An ellipse centred on the origin as a `segments`-gon; corners on both axes when `segments` % 4 == 0.
    static func ellipse(radiusU: Double, radiusV: Double, segments: Int) -> Profile2D? {
        let n = max(segments, 3)
        return Profile2D((0..<n).map { i in
            let t = 2 * Double.pi * Double(i) / Double(n)
            return (radiusU * Self.snapped(cos(t)), radiusV * Self.snapped(sin(t)))
        })
    }

    /// The upper half of an ellipse (v ≥ 0) closed by its diameter on v = 0; apex on the v axis when
    /// `segments` is even.
    static func halfEllipse(radiusU: Double, radiusV: Double, segments: Int) -> Profile2D? {
        let n = max(segments, 2)
        return Profile2D((0...n).map { i in
            let t = Double.pi * Double(i) / Double(n)
            return (radiusU * Self.snapped(cos(t)), radiusV * Self.snapped(sin(t)))
        })
    }

    // cos(π/2) and sin(π) are ~1e-16, not 0: snap so axis corners land exactly on the axes and the base.
    static func snapped(_ x: Double) -> Double { abs(x) < 1e-12 ? 0 : x }
}
