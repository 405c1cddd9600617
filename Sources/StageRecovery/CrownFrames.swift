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
        let origin = areaCentroid(crown)
        let long = longAxis(crown, occlusal: occlusal.normalized)
        var along = rightToLeft - long * rightToLeft.dot(long)
        if along.length < 1e-9 { along = Vector3.unitX - long * long.x }
        let mesial = (id.isRight ? along : -along).normalized
        let facial = id.quadrant % 2 == 0 ? mesial.cross(long) : long.cross(mesial)
        return CrownFrame(origin: origin, longAxis: long, mesialAxis: mesial, facialAxis: facial.normalized)
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
