import MeshIO
import PlanModel
import VendorKit

/// What the shared rule library cannot see about this format: the gingiva is a mesh file of its own
/// (the triangle cap applies to it as to each crown), and case text travels in XML 1.0.
enum RefSegmentedChecks {
    static func findings(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        var out: [Finding] = []
        if let cap = d.profile.maxTrianglesPerMesh {
            for arch in plan.arches {
                guard let g = arch.gingiva, g.triangleCount > cap else { continue }
                out.append(Finding(FindingCode.meshTriangleLimit, .error,
                                   at: FindingLocation(arch: arch.jaw, file: RefSegmentedFormat.gingivaPath(arch.jaw)),
                                   measured: Double(g.triangleCount), limit: Double(cap), unit: "triangles",
                                   message: "The \(arch.jaw.rawValue) gingiva has \(g.triangleCount) triangles; \(d.name) takes at most \(cap) per mesh file.",
                                   remedy: "Decimate the gingiva to at most \(cap) triangles before export."))
            }
        }
        let m = plan.metadata
        let fields = [("case id", m.caseID), ("patient reference", m.patientReference), ("doctor", m.doctor),
                      ("clinic", m.clinic), ("planner", m.planner), ("notes", m.notes), ("restorative notes", m.restorativeNotes)]
        let bad = fields.filter { !ThreeMFWriter.isRepresentable($0.1) }.map(\.0)
        if !bad.isEmpty {
            out.append(Finding(RefSegmentedFormat.Code.textUnrepresentable, .warning,
                               at: FindingLocation(file: RefSegmentedFormat.manifestPath),
                               message: "The \(bad.joined(separator: ", ")) hold characters XML 1.0 cannot carry (control characters); case.xml would show them as U+FFFD.",
                               remedy: "Remove the control characters from the case text in the planning software."))
        }
        return out
    }
}
