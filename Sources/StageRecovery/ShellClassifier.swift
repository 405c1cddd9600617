import PlanModel

/// What a shell of a stage model is.
public enum ShellClass: String, Sendable, Hashable, Codable {
    case tooth
    /// Gingiva or model base: arch-sized.
    case gingiva
    /// A small solid on or touching a tooth's surface.
    case attachment
    case other
}

/// One classification, with the measures it rested on (shown by `--json`).
public struct ShellDecision: Sendable, Hashable, Codable {
    public var stage: Int
    /// The shell's index in its model (largest first).
    public var shell: Int
    public var triangles: Int
    public var extentMM: Double
    public var boundaryEdges: Int
    public var classification: ShellClass
    public var reason: String
}

/// Sorts shells by size and closure (the thresholds are the issue's: a crown is about 4–15 mm across).
public enum ShellClassifier {
    public static let toothExtent: ClosedRange<Double> = 4...15
    /// Past this a shell is arch-sized (a whole arch is 40–80 mm across).
    public static let archExtent = 30.0
    /// An attachment's bounding box lies within this distance of a tooth's.
    public static let touchingMM = 0.3
    /// Thinner than this (mm, along the thinnest principal axis) is no crown.
    public static let attachmentThickness = 2.5

    /// Each shell's class, and for attachments the index of the tooth shell they touch.
    public static func classify(_ shells: [Shell], stage: Int) -> (classes: [ShellClass], touches: [Int: Int], decisions: [ShellDecision]) {
        var classes = [ShellClass](repeating: .other, count: shells.count)
        var reasons = [String](repeating: "", count: shells.count)
        // Thin solids are attachment candidates even when crown-wide (a power ridge is 6 mm long, 0.5 mm deep).
        func isThin(_ s: Shell) -> Bool { s.extent < toothExtent.lowerBound || s.thickness < attachmentThickness }
        for (i, s) in shells.enumerated() {
            let e = String(format2: s.extent)
            if s.extent > archExtent {
                classes[i] = .gingiva
                reasons[i] = "\(e) mm across: arch-sized (> \(Int(archExtent)) mm), gingiva or base"
            } else if toothExtent.contains(s.extent) && !isThin(s) && s.isNearlyClosed {
                classes[i] = .tooth
                reasons[i] = "\(e) mm across, \(String(format2: s.thickness)) mm thick (crown-sized, 4–15 mm) and closed or nearly (\(s.boundaryEdges) open edges)"
            } else if toothExtent.contains(s.extent) && !isThin(s) {
                reasons[i] = "\(e) mm across like a crown, but open (\(s.boundaryEdges) open edges)"
            } else if s.extent > toothExtent.upperBound {
                reasons[i] = "\(e) mm across: larger than a crown, smaller than an arch"
            }
        }
        let teeth = classes.indices.filter { classes[$0] == .tooth }
        let boxes = shells.map(\.box)
        var touches: [Int: Int] = [:]
        for (i, s) in shells.enumerated() where classes[i] == .other && isThin(s) && s.extent <= toothExtent.upperBound {
            let e = String(format2: s.extent)
            guard let box = boxes[i] else { reasons[i] = "empty"; continue }
            let touching = teeth.filter { t in boxes[t].map { Self.gap(box, $0) <= touchingMM } ?? false }
            if let tooth = touching.min(by: { (shells[$0].centroid - s.centroid).length < (shells[$1].centroid - s.centroid).length }) {
                classes[i] = .attachment
                touches[i] = tooth
                reasons[i] = "\(e) mm across, \(String(format2: s.thickness)) mm thick (small or thin) and touching tooth shell \(tooth)"
            } else {
                reasons[i] = "\(e) mm across, \(String(format2: s.thickness)) mm thick (small or thin) and touching no tooth"
            }
        }
        let decisions = shells.indices.map { i in
            ShellDecision(stage: stage, shell: i, triangles: shells[i].mesh.triangleCount, extentMM: shells[i].extent,
                          boundaryEdges: shells[i].boundaryEdges, classification: classes[i], reason: reasons[i])
        }
        return (classes, touches, decisions)
    }

    /// The largest per-axis gap between two boxes (≤ 0 when they overlap).
    static func gap(_ a: BoundingBox, _ b: BoundingBox) -> Double {
        max(a.min.x - b.max.x, b.min.x - a.max.x, a.min.y - b.max.y, b.min.y - a.max.y, a.min.z - b.max.z, b.min.z - a.max.z)
    }
}

extension String {
    /// `value` with two decimals (no Foundation formatting in the core).
    init(format2 value: Double) {
        let scaled = (value * 100).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { self = "\(value)"; return }
        let n = Int(scaled)
        let sign = n < 0 ? "-" : ""
        let m = abs(n)
        let frac = m % 100
        self = "\(sign)\(m / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
