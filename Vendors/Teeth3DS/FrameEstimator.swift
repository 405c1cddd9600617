import PlanModel
import StageRecovery

/// Estimates crown frames from a segmented jaw (FORMAT.md, "Crown frames"): the format stores meshes and
/// labels only, so the frames a planner set are gone and movements need new ones. An estimate — good
/// to a few degrees on a well-formed arch, not a planner's frame. The geometry is StageRecovery's
/// `CrownFrames`, shared with the stl-series recovery:
///
/// - occlusal direction: the normal of the least-squares plane through the crown centroids, pointing from
///   the gingiva towards the crowns (scans need not be aligned to any axis);
/// - origin: the crown's area-weighted centroid (uneven scan density does not pull it);
/// - long axis: the crown's principal axis nearest the occlusal direction when well defined and within
///   30° of it, else the occlusal direction;
/// - mesial axis: the arch's tangent at the tooth (from its neighbours' centroids along the arch), off the
///   long axis, pointing towards the midline;
/// - facial axis: completes the frame with the handedness docs/MODEL.md gives the tooth's quadrant, which
///   points out of the arch.
enum FrameEstimator {
    /// One tooth of the arch, in arch order; `crown` nil for a missing tooth (placed between its neighbours).
    struct Tooth {
        var id: ToothID
        var crown: TriangleMesh?
    }

    /// The frame of every tooth. `teeth` are in arch order (patient's right distal first).
    static func frames(jaw: Jaw, teeth: [Tooth], gingiva: TriangleMesh?) -> [ToothID: CrownFrame] {
        guard !teeth.isEmpty else { return [:] }
        let centroids = teeth.map { $0.crown.flatMap(\.areaCentroid) }
        // A missing tooth sits in the gap between the nearest present teeth on either side.
        let places: [Vector3] = teeth.indices.map { i in
            if let c = centroids[i] { return c }
            let before = centroids[..<i].last { $0 != nil } ?? nil
            let after = centroids[(i + 1)...].first { $0 != nil } ?? nil
            switch (before, after) {
            case let (b?, a?): return (b + a) / 2
            case let (b?, nil): return b
            case let (nil, a?): return a
            default: return .zero
            }
        }
        let occlusal = CrownFrames.occlusalDirection(centroids: centroids.compactMap { $0 }, gingivaCentroid: gingiva?.areaCentroid,
                                                     convention: Vector3(0, 0, jaw == .upper ? -1 : 1))
        var frames: [ToothID: CrownFrame] = [:]
        for (i, tooth) in teeth.enumerated() {
            // Arch order runs from the patient's right to the left, one-sided at the ends.
            let rightToLeft = places[min(i + 1, places.count - 1)] - places[max(i - 1, 0)]
            if let crown = tooth.crown, crown.vertexCount > 0 {
                frames[tooth.id] = CrownFrames.frame(id: tooth.id, crown: crown, occlusal: occlusal, rightToLeft: rightToLeft)
            } else {
                frames[tooth.id] = CrownFrames.frame(id: tooth.id, origin: places[i], longAxis: occlusal, rightToLeft: rightToLeft)
            }
        }
        return frames
    }
}
