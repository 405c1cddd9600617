import MeshIO
import PlanModel

/// Mesh size per file and closedness, as the format stores meshes (one per tooth, or one per arch model).
enum MeshRules {
    /// Whether a mesh is closed does not depend on the system: inspected once per mesh of the plan
    /// (a plan has one per crown and arch; room for two plans).
    static let closedness = RecentMemo<TriangleMesh, MeshReport>(capacity: 128)

    static func check(_ plan: TreatmentPlan, _ d: VendorDescriptor) -> [Finding] {
        var out: [Finding] = []
        for arch in plan.arches {
            let crowns = arch.teeth.compactMap { t in t.crown.map { (t.id, $0) } }
            if let cap = d.profile.maxTrianglesPerMesh {
                if d.capabilities.bakedStageMeshes {
                    let total = crowns.reduce(arch.gingiva?.triangleCount ?? 0) { $0 + $1.1.triangleCount }
                    if total > cap {
                        out.append(tooLarge(FindingLocation(arch: arch.jaw), total, cap, "the \(arch.jaw.rawValue) arch model"))
                    }
                } else {
                    for (id, mesh) in crowns where mesh.triangleCount > cap {
                        out.append(tooLarge(FindingLocation(arch: arch.jaw, tooth: id), mesh.triangleCount, cap, "the crown of tooth \(id)"))
                    }
                }
            }
            guard d.profile.watertightRequired else { continue }
            var parts = crowns.map { (FindingLocation(arch: arch.jaw, tooth: $0.0), "crown of tooth \($0.0)", $0.1) }
            if let g = arch.gingiva { parts.append((FindingLocation(arch: arch.jaw), "gingiva", g)) }
            for (at, what, mesh) in parts {
                let report = closedness.value(for: mesh) { MeshInspector.inspect(mesh) }
                guard !(report.isWatertight && report.isConsistentlyOriented) else { continue }
                out.append(Finding(FindingCode.meshNotClosed, .error, at: at,
                                   measured: Double(report.boundaryEdgeCount + report.nonManifoldEdgeCount + report.inconsistentEdgeCount),
                                   limit: 0, unit: "bad edges",
                                   message: "The \(what) is not closed (\(report.boundaryEdgeCount) open, \(report.nonManifoldEdgeCount) non-manifold, \(report.inconsistentEdgeCount) inconsistently oriented edges); \(d.name) prints closed models only.",
                                   remedy: "Close the mesh (fill holes, fix orientation) in the planning software before export."))
            }
        }
        return out
    }

    static func tooLarge(_ at: FindingLocation, _ count: Int, _ cap: Int, _ what: String) -> Finding {
        Finding(FindingCode.meshTriangleLimit, .error, at: at, measured: Double(count), limit: Double(cap), unit: "triangles",
                message: "\(what) has \(count) triangles; the limit is \(cap) per file.",
                remedy: "Decimate the mesh to at most \(cap) triangles before export.")
    }
}
