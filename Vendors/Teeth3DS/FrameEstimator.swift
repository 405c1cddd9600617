import PlanModel

/// Estimates crown frames from a segmented jaw (FORMAT.md, "Crown frames"): the format stores meshes and
/// labels only, so the frames a planner set are gone and movements need new ones. An estimate — good
/// to a few degrees on a well-formed arch, not a planner's frame.
///
/// - origin: the crown's centroid (area-weighted over its surface, so uneven scan density does not pull it);
/// - long axis: the jaw's occlusal direction, the normal of the least-squares plane through the crown
///   centroids, pointing from the gingiva towards the crowns (scans need not be aligned to any axis);
/// - mesial axis: the arch's tangent at the tooth (from its neighbours' centroids along the arch), in the
///   occlusal plane, pointing towards the midline;
/// - facial axis: completes the frame with the handedness docs/MODEL.md gives the tooth's quadrant
///   (mesial × long in quadrants 2, 4, 6, 8, long × mesial in 1, 3, 5, 7), which points out of the arch.
enum FrameEstimator {
    /// One tooth of the arch, in arch order; `crown` nil for a missing tooth (placed between its neighbours).
    struct Tooth {
        var id: ToothID
        var crown: TriangleMesh?
    }

    /// The frame of every tooth. `teeth` are in arch order (patient's right distal first).
    static func frames(jaw: Jaw, teeth: [Tooth], gingiva: TriangleMesh?) -> [ToothID: CrownFrame] {
        guard !teeth.isEmpty else { return [:] }
        let centroids = teeth.map { $0.crown.flatMap(centroid) }
        let present = centroids.compactMap { $0 }
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
        let long = occlusalDirection(jaw: jaw, centroids: present, gingiva: gingiva)
        var frames: [ToothID: CrownFrame] = [:]
        for (i, tooth) in teeth.enumerated() {
            let mesial = mesialDirection(at: i, places: places, tooth: tooth.id, long: long)
            let facial = tooth.id.quadrant % 2 == 0 ? mesial.cross(long) : long.cross(mesial)
            frames[tooth.id] = CrownFrame(origin: places[i], longAxis: long, mesialAxis: mesial, facialAxis: facial.normalized)
        }
        return frames
    }

    /// The jaw's occlusal direction: the crown centroids' plane normal, oriented from the gingiva's centroid
    /// towards the crowns'. Fewer than three crowns, or crowns in a line, give no plane: then the model
    /// convention (docs/MODEL.md: z superior, so −z for the upper jaw and +z for the lower) is used.
    static func occlusalDirection(jaw: Jaw, centroids: [Vector3], gingiva: TriangleMesh?) -> Vector3 {
        let convention = Vector3(0, 0, jaw == .upper ? -1 : 1)
        guard let fit = PlaneFit(centroids), fit.isPlanar else { return convention }
        var normal = fit.axes[0]
        let towardsCrowns = gingiva.flatMap(centroid).map { fit.centre - $0 }
        let side = towardsCrowns.map { normal.dot($0) } ?? 0
        // Without a gingiva (or one centred in the crowns' plane) the convention decides the sign.
        if side < 0 || (side == 0 && normal.dot(convention) < 0) { normal = -normal }
        return normal
    }

    /// The arch's direction at tooth `i` towards the midline, perpendicular to `long`.
    static func mesialDirection(at i: Int, places: [Vector3], tooth: ToothID, long: Vector3) -> Vector3 {
        // Arch order runs from the patient's right to the left: that is mesial on the right side.
        let previous = i > 0 ? places[i - 1] : places[i]
        let next = i + 1 < places.count ? places[i + 1] : places[i]
        var along = next - previous
        along = along - long * along.dot(long)
        if along.length < 1e-9 {
            // A lone tooth (or neighbours on top of each other): the model's x axis, right → left (LPS).
            let x = Vector3(1, 0, 0)
            along = x - long * x.dot(long)
            if along.length < 1e-9 { along = Vector3(0, 1, 0) - long * long.y }
        }
        let unit = along.normalized
        return tooth.isRight ? unit : -unit
    }

    /// The area-weighted centroid of a mesh's surface (`TriangleMesh.areaCentroid`); nil without vertices.
    static func centroid(_ mesh: TriangleMesh) -> Vector3? { mesh.areaCentroid }
}
