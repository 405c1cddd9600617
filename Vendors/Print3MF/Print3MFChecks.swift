import MeshIO
import PlanModel
import VendorKit

/// Findings particular to 3MF, beyond the shared rules (which already require closed crowns and gingiva
/// here, since the profile says `watertightRequired`).
enum Print3MFChecks {
    static func findings(_ plan: TreatmentPlan, system: String) -> [Finding] {
        var out: [Finding] = []
        if !ThreeMFWriter.isRepresentable(plan.metadata.caseID) {
            out.append(Finding(Print3MFFormat.Code.caseIDCharacters, .warning,
                               message: "The case id has control characters XML cannot carry; the 3MF metadata and label show them as U+FFFD.",
                               remedy: "Use a case id of printable characters."))
        }
        for arch in plan.arches {
            var parts = arch.teeth.compactMap { t in t.crown.map { ("the crown of tooth \(t.id)", FindingLocation(arch: arch.jaw, tooth: t.id), $0) } }
            if let g = arch.gingiva { parts.append(("the gingiva", FindingLocation(arch: arch.jaw), g)) }
            for a in arch.attachments {
                parts.append(("the \(a.template.kind.rawValue) attachment template", FindingLocation(arch: arch.jaw, tooth: a.tooth), a.template.mesh()))
            }
            for (what, at, mesh) in parts {
                let count = repeatedCorners(mesh)
                guard count > 0 else { continue }
                out.append(Finding(Print3MFFormat.Code.repeatedCorner, .error, at: at, measured: Double(count), limit: 0, unit: "triangles",
                                   message: "\(count) triangle(s) of \(what) repeat a corner; 3MF requires three distinct corners, so \(system) cannot write it.",
                                   remedy: "Remove the degenerate triangles (clean the mesh) in the planning software before export."))
            }
        }
        return out
    }

    /// Triangles whose corners are not three distinct indices.
    static func repeatedCorners(_ mesh: TriangleMesh) -> Int {
        let ix = mesh.indices
        var count = 0
        var t = 0
        while t + 2 < ix.count {
            if ix[t] == ix[t + 1] || ix[t + 1] == ix[t + 2] || ix[t] == ix[t + 2] { count += 1 }
            t += 3
        }
        return count
    }
}
