import MeshIO
import PlanModel
import VendorKit

/// Is a stage model what the manifest says? Every crown must be its base crown moved by the stage's
/// pose, the gingiva unmoved, and every attachment solid the one its template, placement and tooth pose
/// give — each corner within `GenericSTLFormat.geometryTolerance` (mm). Mismatches become one error
/// finding per file ("generic-stl.stage-mesh-mismatch"), naming the worst part.
enum StageMeshCheck {
    struct Deviation {
        var part: String
        var tooth: ToothID?
        /// Largest corner difference (mm); infinity when the part cannot be compared (counts differ, NaN).
        var mm: Double
    }

    /// Crowns and gingiva from the base model: each range welded on its own, then moved back by the base
    /// stage's pose when that is not identity (it always is in a valid plan).
    static func rebuild(_ intake: inout ArchIntake, soup: STLTriangleView, baseStage: Int) {
        for (index, range) in intake.crowns {
            var crown = soup.weld(range)
            let pose = intake.arch.pose(of: intake.arch.teeth[index].id, atStage: baseStage)
            if pose != .identity { crown = crown.transformed(by: pose.inverse) }
            intake.arch.teeth[index].crown = crown
        }
        intake.arch.gingiva = intake.gingiva.map { soup.weld($0) }
    }

    /// The finding for `model` read as `soup` (its triangle count already checked), or nil when it matches.
    static func check(_ soup: STLTriangleView, _ model: ModelIntake, _ intake: ArchIntake) -> Finding? {
        let arch = intake.arch
        // The template is stage 0 with every attachment bonded.
        let stage = model.stage ?? 0
        var found: [Deviation] = []
        func record(_ part: String, _ tooth: ToothID?, _ range: Range<Int>, _ mesh: TriangleMesh, _ pose: RigidTransform) {
            let d = deviation(soup, range, mesh, pose)
            if !(d <= GenericSTLFormat.geometryTolerance) { found.append(Deviation(part: part, tooth: tooth, mm: d)) }
        }
        for (index, range) in intake.crowns {
            let tooth = arch.teeth[index]
            guard let crown = tooth.crown else { continue }
            record("crown of tooth \(tooth.id)", tooth.id, range, crown, arch.pose(of: tooth.id, atStage: stage))
        }
        if let range = intake.gingiva, let gingiva = arch.gingiva { record("gingiva", nil, range, gingiva, .identity) }
        for (index, range) in model.attachments {
            let a = arch.attachments[index]
            guard let tooth = arch.tooth(a.tooth) else { continue }
            let solid = StageBaker.attachmentSolid(a, frame: tooth.frame, pose: arch.pose(of: a.tooth, atStage: stage))
            record("attachment \(index) (\(a.template.kind.rawValue)) on tooth \(a.tooth)", a.tooth, range, solid, .identity)
        }
        guard let worst = found.max(by: { $0.mm < $1.mm }) else { return nil }
        let listed = found.prefix(5).map { $0.mm.isFinite ? "\($0.part) by \(fmt($0.mm)) mm" : "\($0.part) (different triangle count or non-finite values)" }
        let more = found.count > 5 ? " and \(found.count - 5) more" : ""
        let what = model.stage.map { "stage \($0)" } ?? "attachment template"
        return Finding(GenericSTLFormat.Code.stageMeshMismatch, .error,
                       at: FindingLocation(arch: arch.jaw, stage: model.stage, tooth: worst.tooth, file: model.file),
                       measured: worst.mm.isFinite ? worst.mm : nil, limit: GenericSTLFormat.geometryTolerance, unit: "mm",
                       message: "\(model.file) (\(arch.jaw.rawValue) \(what)) does not match manifest.json: \(found.count) part(s) differ — \(listed.joined(separator: "; "))\(more).",
                       remedy: "Do not print from this archive: the models and the plan disagree. Ask the sender to export it again.")
    }

    /// Largest per-component difference between the soup's corners in `range` and `mesh`'s corners moved by `pose`.
    /// Each vertex is moved once (not once per corner), then the corners are compared in place.
    static func deviation(_ soup: STLTriangleView, _ range: Range<Int>, _ mesh: TriangleMesh, _ pose: RigidTransform) -> Double {
        guard mesh.triangleCount == range.count, mesh.hasValidIndices, range.upperBound <= soup.count else { return .infinity }
        let moves = pose != .identity
        var posed = [Double](repeating: 0, count: mesh.vertexCount * 3)
        for v in 0..<mesh.vertexCount {
            let p = moves ? pose.apply(to: mesh.vertex(v)) : mesh.vertex(v)
            posed[3 * v] = p.x; posed[3 * v + 1] = p.y; posed[3 * v + 2] = p.z
        }
        var worst = 0.0
        posed.withUnsafeBufferPointer { want in
            mesh.indices.withUnsafeBufferPointer { indices in
                for (t, triangle) in range.enumerated() {
                    for k in 0..<3 {
                        let w = 3 * Int(indices[3 * t + k])
                        let (x, y, z) = soup.corner(triangle, k)
                        let d = max(abs(want[w] - Double(x)), abs(want[w + 1] - Double(y)), abs(want[w + 2] - Double(z)))
                        guard d.isFinite else { worst = .infinity; return }
                        worst = max(worst, d)
                    }
                }
            }
        }
        return worst
    }

    static func fmt(_ v: Double) -> String { CSVText.fixed(v, decimals: 4) }
}
