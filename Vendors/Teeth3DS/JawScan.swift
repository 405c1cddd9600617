import PlanModel
import VendorKit

/// One jaw as a segmented scan: the whole arch at one stage as a single mesh, with a label and an
/// instance number per vertex (FORMAT.md, "Export").
///
/// Parts are concatenated, never welded: every crown (posed, along the arch from the patient's right
/// distal end) and then the gingiva, each keeping its vertex and triangle order. So each vertex belongs to
/// exactly one part, no triangle mixes labels, and splitting the scan by label gives every crown back
/// triangle for triangle.
struct JawScan: Sendable {
    var jaw: Jaw
    var mesh: TriangleMesh
    var labels: [Int]
    var instances: [Int]

    /// The arch at `stage` (an arch with fewer stages holds its last one; see `stageWritten`).
    init(_ arch: Arch, stage: Int) {
        jaw = arch.jaw
        let at = Self.stageWritten(arch, requested: stage)
        var mesh = TriangleMesh()
        var labels: [Int] = []
        var instances: [Int] = []
        var instance = 0
        for tooth in StageBaker.orderedCrowns(arch) {
            guard let crown = tooth.crown, crown.vertexCount > 0 else { continue }
            let pose = arch.pose(of: tooth.id, atStage: at)
            // Identity poses leave the Float32 positions untouched (no round trip through Double).
            mesh.append(pose == .identity ? crown : crown.transformed(by: pose))
            instance += 1
            labels += Array(repeating: tooth.id.fdi, count: crown.vertexCount)
            instances += Array(repeating: instance, count: crown.vertexCount)
        }
        if let gingiva = arch.gingiva {
            mesh.append(gingiva)
            labels += Array(repeating: Teeth3DSFormat.gingivaLabel, count: gingiva.vertexCount)
            instances += Array(repeating: Teeth3DSFormat.gingivaLabel, count: gingiva.vertexCount)
        }
        self.mesh = mesh
        self.labels = labels
        self.instances = instances
    }

    /// The stage written for `arch` when `requested` is asked for: that stage, or the arch's last one when
    /// it finishes earlier (a finished arch holds its final position), never below 0.
    static func stageWritten(_ arch: Arch, requested: Int) -> Int {
        let last = arch.stages.map(\.index).max() ?? 0
        return min(max(0, requested), last)
    }
}
