import Foundation  // pow, exp, sin, cos
import PlanModel

/// A crown's surface in crown coordinates (m mesial, l along the long axis towards occlusal, f facial),
/// centred on the origin: a superellipsoid squeezed per tooth class, with cusps as bumps on its
/// occlusal half.
///
/// Incisors taper labio-lingually to a flat chisel edge; canines taper in both directions to one pointed
/// cusp; premolars carry a buccal and a lingual cusp; molars are boxier with four cusps. The surface is a
/// graph over the occlusal plane on each half (every factor below is monotonic in the polar angle and the
/// bumps only add height), so the mesh never folds onto itself.
struct CrownShape: Sendable {
    struct Cusp: Sendable {
        var m: Double, f: Double, height: Double, sigmaM: Double, sigmaF: Double
    }

    var halfWidth: Double
    var halfDepth: Double
    var bodyHalfHeight: Double
    /// Moves the surface along l so the crown (body + cusps) is roughly centred.
    var lift: Double
    /// Horizontal superellipse exponent: 1 = ellipse, smaller = boxier.
    var roundness: Double
    /// Vertical exponent: smaller = flatter occlusal and cervical ends.
    var flatness: Double
    var cervicalTaper: Double
    var facialTaper: Double
    var mesialTaper: Double
    /// How much narrower (mesio-distally) the lingual half is: crowns are wedges in occlusal view, so
    /// neighbours turned against each other along the curve meet at their contacts, not lingually.
    var lingualTaper: Double
    var cusps: [Cusp]

    init(_ id: ToothID, anatomy: ToothAnatomy) {
        let a = anatomy.mesiodistal / 2, b = anatomy.buccolingual / 2
        let cuspHeight: Double
        halfWidth = a
        halfDepth = b
        switch id.toothClass {
        case .incisor:
            cuspHeight = 0
            (roundness, flatness, cervicalTaper, facialTaper, mesialTaper) = (0.75, 0.55, 0.3, 0.7, 0.05)
            lingualTaper = 0.4
            cusps = []
        case .canine:
            cuspHeight = 2.0
            (roundness, flatness, cervicalTaper, facialTaper, mesialTaper) = (0.85, 0.6, 0.3, 0.45, 0.45)
            lingualTaper = 0.35
            cusps = [Cusp(m: 0.05 * a, f: 0.1 * b, height: cuspHeight, sigmaM: 0.4 * a, sigmaF: 0.5 * b)]
        case .premolar:
            cuspHeight = 1.8
            (roundness, flatness, cervicalTaper, facialTaper, mesialTaper) = (0.8, 0.5, 0.3, 0.2, 0.05)
            lingualTaper = 0.2
            let lingual = id.jaw == .upper ? 0.8 : 0.55
            cusps = [Cusp(m: 0, f: 0.42 * b, height: cuspHeight, sigmaM: 0.45 * a, sigmaF: 0.3 * b),
                     Cusp(m: 0, f: -0.42 * b, height: lingual * cuspHeight, sigmaM: 0.4 * a, sigmaF: 0.28 * b)]
        case .molar:
            cuspHeight = 1.6
            (roundness, flatness, cervicalTaper, facialTaper, mesialTaper) = (0.6, 0.45, 0.25, 0.12, 0.08)
            lingualTaper = 0.15
            // Mesiobuccal, distobuccal, mesiolingual, distolingual.
            cusps = [(1.0, 1.0, 1.0), (-1.0, 1.0, 0.85), (1.0, -1.0, 0.95), (-1.0, -1.0, 0.75)].map { sm, sf, h in
                Cusp(m: sm * 0.45 * a, f: sf * 0.42 * b, height: h * cuspHeight, sigmaM: 0.3 * a, sigmaF: 0.3 * b)
            }
        }
        bodyHalfHeight = (anatomy.crownHeight - cuspHeight) / 2
        lift = -cuspHeight / 2
    }

    /// What one latitude ring shares: height, horizontal semi-axes and how much of the cusps it carries.
    private struct Ring {
        var l: Double, m: Double, f: Double, cuspWeight: Double
    }

    /// The ring at polar angle `v` (0 = occlusal pole, π = cervical pole).
    private func ring(_ v: Double) -> Ring {
        let cv = cos(v), sv = max(0, sin(v))
        let l = bodyHalfHeight * spow(cv, flatness)
        let r = pow(sv, flatness)
        let up = max(0, l / bodyHalfHeight), down = max(0, -l / bodyHalfHeight)
        let neck = 1 - cervicalTaper * down * down
        return Ring(l: l, m: halfWidth * r * neck * (1 - mesialTaper * up * up),
                    f: halfDepth * r * neck * (1 - facialTaper * pow(up, 1.5)),
                    cuspWeight: cv > 0 ? cv.squareRoot() : 0)
    }

    /// The surface point of `ring` at azimuth u given as superellipse factors (u = 0 mesial, π/2 facial).
    private func point(_ ring: Ring, _ cu: Double, _ su: Double) -> (m: Double, l: Double, f: Double) {
        let m = ring.m * cu, f = ring.f * su
        var l = ring.l + lift
        if ring.cuspWeight > 0 {
            var bump = 0.0
            for c in cusps {
                let dm = (m - c.m) / c.sigmaM, df = (f - c.f) / c.sigmaF
                bump += c.height * exp(-0.5 * (dm * dm + df * df))
            }
            l += ring.cuspWeight * bump
        }
        return (m, l, f)
    }

    /// The cross-section's mesial and facial factors at azimuth `u`: a superellipse, narrower lingually.
    private func azimuth(_ u: Double) -> (Double, Double) {
        let su = sin(u)
        return (spow(cos(u), roundness) * (1 - lingualTaper * max(0, -su)), spow(su, roundness))
    }

    /// The point at polar angle `v` and azimuth `u`, crown coordinates.
    func point(v: Double, u: Double) -> Vector3 {
        let (cu, su) = azimuth(u)
        let p = point(ring(v), cu, su)
        return Vector3(p.m, p.l, p.f)
    }

    /// The closed crown mesh of about `triangles` triangles placed in `frame`: a latitude–longitude grid
    /// with one vertex per pole (2·rings·segments triangles, none degenerate), outward-facing.
    func mesh(in frame: CrownFrame, triangles: Int) -> TriangleMesh {
        let rings = max(3, Int((Double(triangles) / 4).squareRoot().rounded()))
        let segments = max(6, Int((Double(triangles) / Double(2 * rings)).rounded()))
        let azimuth = (0..<segments).map { j in self.azimuth(2 * Double.pi * Double(j) / Double(segments)) }
        var positions = [Float]()
        positions.reserveCapacity(3 * (rings * segments + 2))
        let o = frame.origin, mx = frame.mesialAxis, lx = frame.longAxis, fx = frame.facialAxis
        func emit(_ p: (m: Double, l: Double, f: Double)) {
            positions.append(Float(o.x + p.m * mx.x + p.l * lx.x + p.f * fx.x))
            positions.append(Float(o.y + p.m * mx.y + p.l * lx.y + p.f * fx.y))
            positions.append(Float(o.z + p.m * mx.z + p.l * lx.z + p.f * fx.z))
        }
        emit(point(ring(0), 0, 0))
        for i in 1...rings {
            let r = ring(Double.pi * Double(i) / Double(rings + 1))
            for (cu, su) in azimuth { emit(point(r, cu, su)) }
        }
        emit(point(ring(.pi), 0, 0))
        let indices = LatLongGrid(rings: rings, segments: segments)
            .indices(flipped: !frame.isRightHandedTriple)
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// A point on the facial surface at polar angle `v`, with the outward unit normal (crown coordinates).
    func facialSite(v: Double) -> (position: Vector3, normal: Vector3) {
        let h = 1e-5, u = Double.pi / 2
        let du = point(v: v, u: u + h) - point(v: v, u: u - h)
        let dv = point(v: v + h, u: u) - point(v: v - h, u: u)
        return (point(v: v, u: u), du.cross(dv).normalized)
    }
}

/// Signed power: sign(x)·|x|^e.
func spow(_ x: Double, _ e: Double) -> Double { x < 0 ? -pow(-x, e) : pow(x, e) }

extension CrownFrame {
    /// Whether (mesial, long, facial) is right-handed: then crown coordinates map to model coordinates
    /// without a mirror and a mesh keeps its winding.
    var isRightHandedTriple: Bool { mesialAxis.cross(longAxis).dot(facialAxis) > 0 }
}
