import Foundation  // pow

/// The ideal arch curve on the occlusal plane, one side: a(x) = D·(1 − (x/X)^p) for 0 ≤ x ≤ X, where x is
/// the distance from the midline and a is how far forward (anterior) the point is.
///
/// A power curve with p ≈ 3 has a broad, flat incisor segment and nearly straight, slightly diverging
/// buccal segments, like the common ovoid arch forms. The teeth are set along it contact to contact
/// (each tooth's mesial–distal width is the chord between its two contacts), starting at the midline;
/// the depth D is solved so the second molars' distal contacts land exactly on the curve's ends
/// (x = X, a = 0). So X sets the arch width and the tooth widths set its depth.
struct ArchForm: Sendable {
    /// A point on one side of the arch.
    struct Contact: Hashable, Sendable {
        /// Distance from the midline (≥ 0).
        var x: Double
        /// Forward position.
        var a: Double
        /// Arc length from the midline along the curve.
        var arc: Double
    }

    let halfWidth: Double
    let exponent: Double
    let depth: Double
    /// The contacts of one side, midline first: widths.count + 1 of them.
    let contacts: [Contact]
    /// Arc length from the midline to the curve's end.
    let length: Double
    private let table: Polyline

    /// Solves the depth for teeth of `widths` (midline → distal) on a curve of half-width `halfWidth`.
    init(halfWidth: Double, exponent: Double, widths: [Double]) {
        var lo = 5.0, hi = 200.0
        for _ in 0..<64 {
            let mid = (lo + hi) / 2
            let table = Polyline(halfWidth: halfWidth, exponent: exponent, depth: mid)
            if table.walk(widths).remaining < 0 { lo = mid } else { hi = mid }
        }
        // `hi` always fits (remaining ≥ 0) and is within 1e-13 mm of the exact fit.
        table = Polyline(halfWidth: halfWidth, exponent: exponent, depth: hi)
        self.halfWidth = halfWidth
        self.exponent = exponent
        depth = hi
        contacts = table.walk(widths).contacts
        length = table.arcs[table.arcs.count - 1]
    }

    /// The point and the unit tangent (pointing away from the midline) at arc length `s` ≥ 0; beyond the
    /// curve's end the curve continues straight along its end tangent.
    func point(atArc s: Double) -> (x: Double, a: Double, tx: Double, ta: Double) {
        if s >= length {
            let end = table.count - 1
            let (tx, ta) = tangent(atX: table.xs[end])
            return (table.xs[end] + tx * (s - length), table.forward[end] + ta * (s - length), tx, ta)
        }
        let x = table.x(atArc: max(0, s))
        let (tx, ta) = tangent(atX: x)
        return (x, depth * (1 - pow(x / halfWidth, exponent)), tx, ta)
    }

    private func tangent(atX x: Double) -> (Double, Double) {
        let slope = -depth * exponent * pow(x / halfWidth, exponent - 1) / halfWidth
        let n = (1 + slope * slope).squareRoot()
        return (1 / n, slope / n)
    }
}

/// The curve sampled densely with cumulative arc lengths.
private struct Polyline {
    var xs: [Double] = []
    /// The forward position a of each sample.
    var forward: [Double] = []
    var arcs: [Double] = []
    var count: Int { xs.count }

    init(halfWidth: Double, exponent: Double, depth: Double, samples: Int = 1024) {
        xs.reserveCapacity(samples + 1)
        forward.reserveCapacity(samples + 1)
        arcs.reserveCapacity(samples + 1)
        for k in 0...samples {
            // x = X·sin(t·π/2) puts more samples near the steep end of the curve.
            let x = k == samples ? halfWidth : halfWidth * sin(Double(k) / Double(samples) * .pi / 2)
            let a = depth * (1 - pow(x / halfWidth, exponent))
            let arc = k == 0 ? 0 : arcs[k - 1] + hypot(x - xs[k - 1], a - forward[k - 1])
            xs.append(x)
            forward.append(a)
            arcs.append(arc)
        }
    }

    /// x at arc length `s` (0 ≤ s ≤ length), linear between samples.
    func x(atArc s: Double) -> Double {
        var lo = 0, hi = count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if arcs[mid] <= s { lo = mid } else { hi = mid }
        }
        let span = arcs[hi] - arcs[lo]
        let t = span > 0 ? (s - arcs[lo]) / span : 0
        return xs[lo] + (xs[hi] - xs[lo]) * min(1, max(0, t))
    }

    /// Sets chords of `widths` one after the other from the midline. `remaining` is the arc left after the
    /// last contact, negative (the length still missing) when the curve is too short.
    func walk(_ widths: [Double]) -> (contacts: [ArchForm.Contact], remaining: Double) {
        var contacts = [ArchForm.Contact(x: xs[0], a: forward[0], arc: 0)]
        var segment = 0  // the current contact lies on segment [segment, segment + 1]
        for (n, w) in widths.enumerated() {
            let c = contacts[contacts.count - 1]
            var j = segment + 1
            while j < count, hypot(xs[j] - c.x, forward[j] - c.a) < w { j += 1 }
            guard j < count else {
                let last = count - 1
                let short = w - hypot(xs[last] - c.x, forward[last] - c.a)
                return (contacts, -(short + widths[(n + 1)...].reduce(0, +)))
            }
            // The contact is on segment (j−1, j): solve |p + t·d − c| = w for the forward root.
            let px = xs[j - 1], pa = forward[j - 1]
            let dx = xs[j] - px, da = forward[j] - pa
            let ex = px - c.x, ea = pa - c.a
            let qa = dx * dx + da * da, qb = ex * dx + ea * da, qc = ex * ex + ea * ea - w * w
            let t = qa > 0 ? min(1, max(0, (-qb + max(0, qb * qb - qa * qc).squareRoot()) / qa)) : 0
            contacts.append(ArchForm.Contact(x: px + t * dx, a: pa + t * da, arc: arcs[j - 1] + t * qa.squareRoot()))
            segment = j - 1
        }
        return (contacts, arcs[count - 1] - contacts[contacts.count - 1].arc)
    }
}
