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
    static func rebuild(_ intake: inout ArchIntake, soup: [Float], baseStage: Int) {
        for (index, range) in intake.crowns {
            var crown = STLCodecSoup.weld(soup, range)
            let pose = intake.arch.pose(of: intake.arch.teeth[index].id, atStage: baseStage)
            if pose != .identity { crown = crown.transformed(by: pose.inverse) }
            intake.arch.teeth[index].crown = crown
        }
        intake.arch.gingiva = intake.gingiva.map { STLCodecSoup.weld(soup, $0) }
    }

    /// The finding for `model` read as `soup` (its triangle count already checked), or nil when it matches.
    static func check(_ soup: [Float], _ model: ModelIntake, _ intake: ArchIntake) -> Finding? {
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
    static func deviation(_ soup: [Float], _ range: Range<Int>, _ mesh: TriangleMesh, _ pose: RigidTransform) -> Double {
        guard mesh.triangleCount == range.count, mesh.hasValidIndices, range.upperBound * 9 <= soup.count else { return .infinity }
        let moves = pose != .identity
        var worst = 0.0
        for (t, triangle) in range.enumerated() {
            for k in 0..<3 {
                let v = mesh.vertex(Int(mesh.indices[3 * t + k]))
                let want = moves ? pose.apply(to: v) : v
                let o = triangle * 9 + k * 3
                let got = Vector3(Double(soup[o]), Double(soup[o + 1]), Double(soup[o + 2]))
                let d = want.maxDifference(to: got)
                guard d.isFinite else { return .infinity }
                worst = max(worst, d)
            }
        }
        return worst
    }

    static func fmt(_ v: Double) -> String { CSVText.fixed(v, decimals: 4) }
}

/// The soup helpers the reader needs, in one place.
enum STLCodecSoup {
    /// Welds the triangles `range` of a soup into one mesh.
    static func weld(_ soup: [Float], _ range: Range<Int>) -> TriangleMesh {
        STLCodec.weldTriangles(soup[(range.lowerBound * 9)..<(range.upperBound * 9)])
    }
}
