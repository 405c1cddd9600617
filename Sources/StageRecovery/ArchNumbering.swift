import PlanModel

/// How one tooth got its number.
public struct NumberingDecision: Sendable, Hashable, Codable {
    public var tooth: ToothID
    /// Signed place along the arch from the midline (mm; the patient's right negative).
    public var arcPositionMM: Double
    /// Extent along the arch tangent (mm) and the average for the number given.
    public var widthMM: Double
    public var expectedWidthMM: Double
    /// The assignment's cost for this tooth (squared standard deviations of gap and width).
    public var cost: Double
}

/// Permanent FDI numbers for an arch's teeth from their geometry (issue step 6): the arch curve in the
/// occlusal plane, the midline between the two teeth next to the curve's vertex (the central incisors;
/// the neighbouring splits are tried too and the most symmetric explanation wins), then per side,
/// outward, the positions whose average widths and spacing best explain the measured widths and gaps —
/// a gap as wide as a tooth skips a number (a missing tooth).
public enum ArchNumbering {
    /// The typical spread of a centroid gap and of a width around the averages (mm).
    static let gapSigma = 1.6
    static let widthSigma = 1.2
    /// The price of skipping a number (teeth are usually present).
    static let skipCost = 1.0
    /// A tooth cost above this (3 σ) makes the numbering uncertain.
    static let uncertainCost = 9.0
    /// Another midline explaining the arch within this cost of the best makes it uncertain.
    static let ambiguityMargin = 2.0

    public struct Result: Sendable {
        /// The number of each input tooth, in input order.
        public var ids: [ToothID]
        public var decisions: [NumberingDecision]
        /// Numbers skipped inside the arch (missing teeth).
        public var missing: [ToothID]
        /// Why the numbering is uncertain (empty when it is not).
        public var uncertain: [String]
    }

    /// Numbers the teeth with these crowns and centroids; nil when no split gives at most 8 teeth a side.
    public static func number(jaw: Jaw, crowns: [TriangleMesh], centroids: [Vector3], curve: ArchCurve) -> Result? {
        let s = centroids.map(curve.arcPosition)
        let widths = crowns.indices.map { i in width(crowns[i], along: curve.tangent(at: centroids[i])) }
        let order = s.indices.sorted { s[$0] < s[$1] }
        let vertexSplit = order.firstIndex { s[$0] >= 0 } ?? order.count
        var candidates: [(total: Double, mid: Double, teeth: [(index: Int, id: ToothID, cost: Double)])] = []
        for split in max(0, vertexSplit - 1)...min(order.count, vertexSplit + 1) {
            let right = Array(order[..<split].reversed()), left = Array(order[split...])
            let mid = midline(right: right.first, left: left.first, s: s, widths: widths)
            guard let r = assign(right.map { abs(s[$0] - mid) }, right.map { widths[$0] }, jaw: jaw),
                  let l = assign(left.map { abs(s[$0] - mid) }, left.map { widths[$0] }, jaw: jaw) else { continue }
            let quadrants = jaw == .upper ? (1, 2) : (4, 3)
            var teeth: [(index: Int, id: ToothID, cost: Double)] = []
            for (k, i) in right.enumerated() { teeth.append((i, ToothID.make(quadrants.0, r.positions[k]), r.costs[k])) }
            for (k, i) in left.enumerated() { teeth.append((i, ToothID.make(quadrants.1, l.positions[k]), l.costs[k])) }
            candidates.append((r.total + l.total, mid, teeth))
        }
        guard let best = candidates.min(by: { $0.total < $1.total }) else { return nil }
        var ids = [ToothID](repeating: ToothID.make(1, 1), count: centroids.count)
        var uncertain: [String] = []
        var decisions: [NumberingDecision] = []
        for t in best.teeth {
            ids[t.index] = t.id
            let expected = ToothWidths.widths(jaw)[t.id.position - 1]
            decisions.append(NumberingDecision(tooth: t.id, arcPositionMM: s[t.index] - best.mid, widthMM: widths[t.index],
                                               expectedWidthMM: expected, cost: t.cost))
            if t.cost > uncertainCost {
                uncertain.append("tooth \(t.id): width \(String(format2: widths[t.index])) mm (average \(String(format2: expected))) or its gap fits poorly (cost \(String(format2: t.cost)))")
            }
        }
        decisions.sort { $0.arcPositionMM < $1.arcPositionMM }
        if let runnerUp = candidates.filter({ $0.total > best.total }).map(\.total).min(), runnerUp - best.total < ambiguityMargin {
            uncertain.append("another midline explains the arch almost as well (cost \(String(format2: runnerUp)) against \(String(format2: best.total)))")
        }
        let present = Set(best.teeth.map(\.id))
        var missing: [ToothID] = []
        for quadrant in Set(present.map(\.quadrant)) {
            let last = present.filter { $0.quadrant == quadrant }.map(\.position).max() ?? 0
            for p in 1..<max(1, last) where !present.contains(ToothID.make(quadrant, p)) { missing.append(ToothID.make(quadrant, p)) }
        }
        return Result(ids: ids, decisions: decisions, missing: missing.sorted(), uncertain: uncertain)
    }

    /// The midline: halfway between the facing edges of the innermost tooth of each side.
    static func midline(right: Int?, left: Int?, s: [Double], widths: [Double]) -> Double {
        switch (right, left) {
        case let (r?, l?): ((s[r] + widths[r] / 2) + (s[l] - widths[l] / 2)) / 2
        case let (r?, nil): s[r] + widths[r] / 2
        case let (nil, l?): s[l] - widths[l] / 2
        default: 0
        }
    }

    /// Positions 1…8 for one side's teeth (distances from the midline, outward) by dynamic programming,
    /// with the arch's scale re-estimated once from the first answer; nil for more than 8 teeth.
    static func assign(_ d: [Double], _ w: [Double], jaw: Jaw) -> (positions: [Int], costs: [Double], total: Double)? {
        guard d.count <= 8 else { return nil }
        guard !d.isEmpty else { return ([], [], 0) }
        let first = solve(d, w, jaw: jaw, scale: 1)
        let average = ToothWidths.widths(jaw)
        let ratio = zip(first.positions, w).map { $0.1 / average[$0.0 - 1] }.reduce(0, +) / Double(w.count)
        let second = solve(d, w, jaw: jaw, scale: min(1.2, max(0.85, ratio)))
        return second.total <= first.total ? second : first
    }

    static func solve(_ d: [Double], _ w: [Double], jaw: Jaw, scale: Double) -> (positions: [Int], costs: [Double], total: Double) {
        let widths = ToothWidths.widths(jaw).map { $0 * scale }
        var before = [0.0]
        for x in widths { before.append((before.last ?? 0) + x) }
        let centre = (0..<8).map { before[$0] + widths[$0] / 2 }
        func widthCost(_ i: Int, _ p: Int) -> Double { let e = (w[i] - widths[p]) / widthSigma; return e * e }
        let n = d.count
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: 8), count: n)
        var from = [[Int]](repeating: [Int](repeating: -1, count: 8), count: n)
        for p in 0..<8 {
            let e = (d[0] - centre[p]) / gapSigma
            cost[0][p] = e * e + widthCost(0, p) + Double(p) * skipCost
        }
        for i in 1..<max(1, n) where i < n {
            for p in i..<8 {
                for q in (i - 1)..<p where cost[i - 1][q].isFinite {
                    let e = ((d[i] - d[i - 1]) - (centre[p] - centre[q])) / gapSigma
                    let c = cost[i - 1][q] + e * e + widthCost(i, p) + Double(p - q - 1) * skipCost
                    if c < cost[i][p] { cost[i][p] = c; from[i][p] = q }
                }
            }
        }
        var p = (0..<8).min { cost[n - 1][$0] < cost[n - 1][$1] } ?? 0
        let total = cost[n - 1][p]
        var positions = [Int](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            positions[i] = p
            if i > 0 { p = from[i][p] }
        }
        var costs = [Double](repeating: 0, count: n)
        for i in 0..<n { costs[i] = cost[i][positions[i]] - (i > 0 ? cost[i - 1][positions[i - 1]] : 0) }
        return (positions.map { $0 + 1 }, costs, total)
    }

    /// A crown's extent along `direction`.
    static func width(_ mesh: TriangleMesh, along direction: Vector3) -> Double {
        var lo = Double.infinity, hi = -Double.infinity
        for v in 0..<mesh.vertexCount {
            let x = mesh.vertex(v).dot(direction)
            lo = min(lo, x)
            hi = max(hi, x)
        }
        return hi >= lo ? hi - lo : 0
    }
}

extension ToothID {
    /// The permanent tooth at `position` (1…8) of `quadrant` (1…4): always a valid FDI number.
    static func make(_ quadrant: Int, _ position: Int) -> ToothID {
        // Both come from fixed ranges here; 11 is the fallback that cannot be reached.
        (try? ToothID(fdi: quadrant * 10 + position)) ?? ToothID.permanent[0]
    }
}
