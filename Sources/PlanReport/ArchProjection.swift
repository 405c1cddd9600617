import Foundation
import PlanModel

/// A fixed camera on one arch: occlusal (looking at the biting surfaces) or frontal (looking at the
/// incisors), patient's right on the viewer's left. Orthographic, so stages drawn with one camera line up.
struct ArchCamera {
    enum View: String, CaseIterable { case occlusal, frontal }

    /// Screen right, screen up (model directions) and the viewing direction (away from the viewer).
    var right: Vector3
    var up: Vector3
    var forward: Vector3

    /// The camera for `view` of `arch`, from its stage-0 crown frames.
    init?(_ view: View, arch: Arch) {
        let teeth = arch.movableTeeth
        guard !teeth.isEmpty else { return nil }
        let n = Double(teeth.count)
        let centre = teeth.reduce(Vector3.zero) { $0 + $1.frame.origin } / n
        let occlusal = teeth.reduce(Vector3.zero) { $0 + $1.frame.longAxis }.normalized
        let incisors = teeth.filter { $0.id.toothClass == .incisor }
        let frontPoint = incisors.isEmpty ? centre : incisors.reduce(Vector3.zero) { $0 + $1.frame.origin } / Double(incisors.count)
        var front = frontPoint - centre
        front = (front - occlusal * front.dot(occlusal)).normalized
        guard occlusal.length > 0.5, front.length > 0.5 else { return nil }
        // "Up" in the mouth: away from the lower occlusal plane's roots for the lower jaw, towards the upper roots.
        let worldUp = arch.jaw == .upper ? -occlusal : occlusal
        let (forward, up) = view == .occlusal ? (-occlusal, front) : (-front, worldUp)
        var right = up.cross(forward).normalized
        // Patient's right teeth must land on the left half of the picture.
        let rightSide = teeth.filter(\.id.isRight)
        if !rightSide.isEmpty {
            let mean = rightSide.reduce(Vector3.zero) { $0 + $1.frame.origin } / Double(rightSide.count)
            if (mean - centre).dot(right) > 0 { right = -right }
        }
        self.right = right
        self.up = up
        self.forward = forward
    }

    /// Screen coordinates in 0.1 mm (y down, as SVG draws) and depth (larger = farther).
    func project(_ p: Vector3) -> (x: Double, y: Double, depth: Double) {
        (p.dot(right) * 10, -p.dot(up) * 10, p.dot(forward))
    }
}

/// One tooth drawn with a camera: flat-shaded front faces in shade bands, and its convex outline.
struct DrawnTooth {
    var depth: Double
    /// Path data per shade band (index = band).
    var bands: [String]
    var outline: [(Double, Double)]

    /// Shade bands: the fill of band i is set in the style sheet (`.s0` darkest … `.s9` lightest).
    static let bandCount = 10

    /// Light from over the viewer's shoulder (upper left, towards the scene).
    static func light(_ camera: ArchCamera) -> Vector3 {
        (camera.forward * 1.0 - camera.up * 0.5 + camera.right * 0.4).normalized
    }

    init(mesh: TriangleMesh, camera: ArchCamera) {
        let light = Self.light(camera)
        var points: [(Double, Double, Double)] = []
        points.reserveCapacity(mesh.vertexCount)
        for v in 0..<mesh.vertexCount {
            let p = camera.project(mesh.vertex(v))
            points.append((p.x, p.y, p.depth))
        }
        var faces: [(depth: Double, band: Int, a: Int, b: Int, c: Int)] = []
        let count = UInt32(clamping: mesh.vertexCount)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            // A plan with broken indices or non-finite vertices still gets a report (its problems are listed).
            guard a < count, b < count, c < count,
                  [a, b, c].allSatisfy({ points[Int($0)].0.isFinite && points[Int($0)].1.isFinite && points[Int($0)].2.isFinite })
            else { continue }
            let pa = mesh.vertex(Int(a)), pb = mesh.vertex(Int(b)), pc = mesh.vertex(Int(c))
            let normal = (pb - pa).cross(pc - pa).normalized
            // Back faces point away from the viewer: hidden on a closed crown.
            guard normal.dot(camera.forward) < 0 else { continue }
            let lit = max(0, -normal.dot(light))
            let band = min(Self.bandCount - 1, Int((0.25 + 0.75 * lit) * Double(Self.bandCount)))
            let depth = (points[Int(a)].2 + points[Int(b)].2 + points[Int(c)].2) / 3
            faces.append((depth, band, Int(a), Int(b), Int(c)))
        }
        // Painter's order inside the tooth too: a crown is not quite convex.
        faces.sort { $0.depth > $1.depth }
        var bands = [String](repeating: "", count: Self.bandCount)
        for f in faces {
            let a = points[f.a], b = points[f.b], c = points[f.c]
            bands[f.band] += "M\(Int(a.0.rounded())) \(Int(a.1.rounded())) \(Int(b.0.rounded())) \(Int(b.1.rounded())) \(Int(c.0.rounded())) \(Int(c.1.rounded()))Z"
        }
        self.bands = bands
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite && $0.2.isFinite }
        depth = finite.isEmpty ? 0 : finite.reduce(0) { $0 + $1.2 } / Double(finite.count)
        outline = ConvexHull.of(finite.map { ($0.0, $0.1) })
    }

    /// The outline as path data.
    var outlinePath: String {
        guard let first = outline.first else { return "" }
        return "M\(Int(first.0.rounded())) \(Int(first.1.rounded()))"
            + outline.dropFirst().map { "L\(Int($0.0.rounded())) \(Int($0.1.rounded()))" }.joined() + "Z"
    }
}

/// Andrew's monotone chain: the convex hull of 2-D points, counter-clockwise.
enum ConvexHull {
    static func of(_ points: [(Double, Double)]) -> [(Double, Double)] {
        let sorted = points.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        guard sorted.count > 2 else { return sorted }
        func cross(_ o: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
            (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
        }
        var lower: [(Double, Double)] = [], upper: [(Double, Double)] = []
        for p in sorted {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in sorted.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
