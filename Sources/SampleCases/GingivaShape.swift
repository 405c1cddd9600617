import Foundation  // cos, sin
import PlanModel

/// The gingiva of one arch as one closed solid: a horseshoe band swept along the arch form, from just
/// behind one second molar to just behind the other, capped at both ends.
///
/// Its cross-section is a rounded rectangle across the arch: as wide as the crowns plus a margin, from the
/// gum line (about 70 % of each crown stays exposed, a little more between teeth where the papillae rise)
/// to a flat base 19 mm from the occlusal plane. The crowns' cervical parts sink into it, so an arch's
/// stage model (crowns + gingiva) reads like a printed dental model.
enum GingivaShape {
    /// Distance from the occlusal plane to the model base.
    static let baseHeight = 19.0
    /// How far the band continues past the second molars' distal contacts.
    static let distalExtension = 1.5

    /// About `triangles` triangles (2·profile·rings), outward-facing.
    static func mesh(for layout: ArchLayout, triangles: Int) -> TriangleMesh {
        let profile = max(8, Int((Double(triangles) / 4.6).squareRoot().rounded()))
        let rings = max(8, Int((Double(triangles) / Double(2 * profile)).rounded()))
        let reach = (layout.form.contacts.last?.arc ?? layout.form.length) + distalExtension
        let up = layout.jaw == .upper ? 1.0 : -1.0  // from the occlusal plane towards the base
        let band = Band(layout: layout)
        let corners = (0..<profile).map { j -> (Double, Double) in
            let phi = 2 * Double.pi * Double(j) / Double(profile)
            return (spow(cos(phi), 0.5), spow(sin(phi), 0.5))
        }

        var positions = [Float]()
        positions.reserveCapacity(3 * (profile * rings + 2))
        var caps = [Vector3]()
        var frames = [(centre: Vector3, facial: Vector3)]()
        for k in 0..<rings {
            let s = -reach + 2 * reach * Double(k) / Double(rings - 1)
            let side = s < 0 ? -1.0 : 1.0
            let p = layout.form.point(atArc: abs(s))
            let centre = Vector3(side * p.x, layout.endY - p.a, 0)
            let facial = Vector3(side * -p.ta, -p.tx, 0)  // the tangent turned outwards, as for the crowns
            let (halfWidth, gumLine) = band.values(atArc: s)
            let midZ = up * (gumLine + baseHeight) / 2, halfHeight = (baseHeight - gumLine) / 2
            for (cu, su) in corners {
                let q = centre + facial * (halfWidth * cu - 0.3) + Vector3(0, 0, midZ + halfHeight * su)
                positions.append(Float(q.x))
                positions.append(Float(q.y))
                positions.append(Float(q.z))
            }
            if k == 0 || k == rings - 1 { caps.append(centre + facial * -0.3 + Vector3(0, 0, midZ)) }
            frames.append((centre, facial))
        }
        for c in caps {
            positions.append(Float(c.x))
            positions.append(Float(c.y))
            positions.append(Float(c.z))
        }
        // Triangles below face outwards when (direction of travel, facial, +z) is right-handed; the
        // direction of travel is fixed for the whole band, so one check at the middle decides.
        let mid = rings / 2
        let travel = frames[mid].centre - frames[mid - 1].centre
        let flipped = travel.cross(frames[mid].facial).z < 0
        return TriangleMesh(positions: positions,
                            indices: tubeIndices(profile: profile, rings: rings, flipped: flipped))
    }

    /// Side walls between consecutive rings, then a fan cap at each end (cap centres after the rings).
    private static func tubeIndices(profile n: Int, rings: Int, flipped: Bool) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(6 * n * rings)
        func add(_ a: Int, _ b: Int, _ c: Int) {
            out.append(UInt32(a))
            if flipped { out.append(UInt32(c)); out.append(UInt32(b)) } else { out.append(UInt32(b)); out.append(UInt32(c)) }
        }
        let v = { (k: Int, j: Int) in k * n + j % n }
        for k in 0..<(rings - 1) {
            for j in 0..<n {
                add(v(k, j), v(k, j + 1), v(k + 1, j))
                add(v(k, j + 1), v(k + 1, j + 1), v(k + 1, j))
            }
        }
        let start = rings * n, end = start + 1
        for j in 0..<n {
            add(start, v(0, j + 1), v(0, j))
            add(end, v(rings - 1, j), v(rings - 1, j + 1))
        }
        return out
    }
}

/// Half-width and gum-line height of the band along the arch, interpolated between the crowns.
private struct Band {
    /// (arc, half-width, gum line) per crown centre, in arc order.
    var stations: [(arc: Double, halfWidth: Double, gumLine: Double)]
    /// (arc, half-span) per interdental contact, where a papilla rises.
    var papillae: [(arc: Double, span: Double)]

    init(layout: ArchLayout) {
        stations = layout.teeth.map { t in
            (t.arc, t.anatomy.buccolingual / 2 + 1.2, 0.72 * t.anatomy.crownHeight - t.anatomy.occlusalReach)
        }
        papillae = zip(layout.teeth, layout.teeth.dropFirst()).map { a, b in
            (arc: (a.arc + b.arc) / 2, span: 0.15 * (a.anatomy.mesiodistal + b.anatomy.mesiodistal))
        }
    }

    func values(atArc s: Double) -> (halfWidth: Double, gumLine: Double) {
        guard let first = stations.first, let last = stations.last else { return (5, 7) }
        var w = first.halfWidth, g = first.gumLine
        if s >= last.arc {
            (w, g) = (last.halfWidth, last.gumLine)
        } else if s > first.arc, let i = stations.firstIndex(where: { $0.arc > s }) {
            let a = stations[i - 1], b = stations[i]
            let t = (s - a.arc) / (b.arc - a.arc)
            w = a.halfWidth + (b.halfWidth - a.halfWidth) * t
            g = a.gumLine + (b.gumLine - a.gumLine) * t
        }
        for p in papillae where abs(s - p.arc) < p.span {
            g -= 1.2 * 0.5 * (1 + cos(Double.pi * (s - p.arc) / p.span))
        }
        return (w, g)
    }
}
