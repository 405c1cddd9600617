import PlanModel

/// The check every mesh-writing adapter makes before it writes a byte: STL, PLY and OBJ cannot carry a
/// triangle whose corners do not exist, and a baked format carries crowns and gingiva only in its stage
/// models. Such plans (structural errors, exported only when forced) are refused rather than written
/// inconsistently.
public enum MeshPreflight {
    /// Refuses `plan` when a crown or the gingiva indexes past its vertices (`encoding` names the file
    /// type, e.g. "STL"), or — when `meshesTravelInStages` — an arch with meshes has no stage to carry them.
    public static func check(_ plan: TreatmentPlan, vendor: String, encoding: String,
                             meshesTravelInStages: Bool) throws(VendorError) {
        for arch in plan.arches {
            let jaw = arch.jaw.rawValue
            if meshesTravelInStages && arch.stages.isEmpty && (arch.gingiva != nil || arch.teeth.contains { $0.crown != nil }) {
                throw .malformed(vendor: vendor, file: "\(jaw) arch", detail: "has no stages: crowns and gingiva travel in the stage models")
            }
            for tooth in arch.teeth where tooth.crown.map({ !$0.hasValidIndices }) ?? false {
                throw .malformed(vendor: vendor, file: "\(jaw) crown of tooth \(tooth.id)",
                                 detail: "the mesh has indices past its vertices and cannot be written as \(encoding)")
            }
            if let g = arch.gingiva, !g.hasValidIndices {
                throw .malformed(vendor: vendor, file: "\(jaw) gingiva",
                                 detail: "the mesh has indices past its vertices and cannot be written as \(encoding)")
            }
        }
    }
}
