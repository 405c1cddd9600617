import PlanModel

/// Crown frames from geometry alone (issue step 7), generalising the Teeth3DS estimate: origin at the
/// crown's area-weighted centroid; long axis the crown's principal axis nearest the occlusal direction
/// when that axis is well defined and within 30° of it (crowns are tipped and torqued), else the occlusal
/// direction; mesial along the arch tangent towards the midline; facial completing the frame with the
/// quadrant's handedness (docs/MODEL.md), which points out of the arch.
public enum CrownFrames {
    /// The largest tilt of the long axis from the occlusal direction that the principal axes may give.
    static let maxTiltCosine = 0.866
    /// A principal axis is well defined when its spread differs from the others' by this factor.
    static let distinctSpread = 1.25

    /// The frame of tooth `id` with crown `crown`; `occlusal` points from the gingiva to the crowns and
    /// `rightToLeft` is the arch tangent at the tooth, from the patient's right to left.
    public static func frame(id: ToothID, crown: TriangleMesh, occlusal: Vector3, rightToLeft: Vector3) -> CrownFrame {
        frame(id: id, origin: areaCentroid(crown), longAxis: longAxis(crown, occlusal: occlusal.normalized), rightToLeft: rightToLeft)
    }

    /// The frame at `origin` with unit long axis `long`: mesial along `rightToLeft` (projected off the long
    /// axis; the model's x, then y, when that leaves nothing) towards the midline, facial by the quadrant's
    /// handedness (mesial × long in quadrants 2, 4, 6, 8, long × mesial in 1, 3, 5, 7). For a tooth
    /// without a crown too (a missing tooth placed between its neighbours).
    public static func frame(id: ToothID, origin: Vector3, longAxis long: Vector3, rightToLeft: Vector3) -> CrownFrame {
        var along = rightToLeft - long * rightToLeft.dot(long)
        if along.length < 1e-9 { along = Vector3.unitX - long * long.x }
        if along.length < 1e-9 { along = Vector3.unitY - long * long.y }
        let mesial = (id.isRight ? along : -along).normalized
        let facial = id.quadrant % 2 == 0 ? mesial.cross(long) : long.cross(mesial)
        return CrownFrame(origin: origin, longAxis: long, mesialAxis: mesial, facialAxis: facial.normalized)
    }

    /// The occlusal direction of an arch: the normal of the least-squares plane through its crown centroids,
    /// pointing from `gingivaCentroid` towards the crowns; `convention` when there is no plane (fewer than
    /// three crowns, or in a line) and to orient it when there is no gingiva (or it lies in the plane).
    public static func occlusalDirection(centroids: [Vector3], gingivaCentroid: Vector3?, convention: Vector3) -> Vector3 {
        guard centroids.count >= 3, let fit = PrincipalAxes(centroids), fit.isPlanar else { return convention }
        var normal = fit.normal
        let side = gingivaCentroid.map { normal.dot(fit.centre - $0) } ?? 0
        if side < 0 || (side == 0 && normal.dot(convention) < 0) { normal = -normal }
        return normal
    }

    static func longAxis(_ crown: TriangleMesh, occlusal: Vector3) -> Vector3 {
        let points = (0..<crown.vertexCount).map(crown.vertex)
        guard let axes = PrincipalAxes(points) else { return occlusal }
        guard let k = (0..<3).max(by: { abs(axes.axes[$0].dot(occlusal)) < abs(axes.axes[$1].dot(occlusal)) }) else { return occlusal }
        let others = (0..<3).filter { $0 != k }.map { axes.spreads[$0] }
        let mine = axes.spreads[k]
        let distinct = others.allSatisfy { mine > $0 * distinctSpread || mine * distinctSpread < $0 }
        var axis = axes.axes[k]
        if axis.dot(occlusal) < 0 { axis = -axis }
        return distinct && axis.dot(occlusal) >= maxTiltCosine ? axis : occlusal
    }

    /// The area-weighted centroid of a surface (`TriangleMesh.areaCentroid`); the origin without vertices.
    public static func areaCentroid(_ mesh: TriangleMesh) -> Vector3 { mesh.areaCentroid ?? .zero }
}
