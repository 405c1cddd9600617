import PlanModel

extension RecoveredAttachment {
    /// The solid as a plan attachment of kind `unknown` on a tooth with crown frame `frame` (stage 0):
    /// the mesh gives its size and place, not its kind. The template frame (crown-local, as
    /// `Attachment.placement`) has z along the solid's thinnest principal axis pointing away from the crown
    /// centre, x as near the crown's local x as that allows, y = z × x; width, height and depth are the
    /// solid's extents along x, y and z, the base on its lowest point along z. Bonded from the first stage
    /// it is seen at and removed after the last (nil when it stays to `lastStageOfArch`). Nil when the
    /// extents are no valid template (over `AttachmentTemplate.maximumDimensionMM`, or flat).
    public func attachment(frame: CrownFrame, lastStageOfArch: Int) -> Attachment? {
        let toLocal = frame.localToModel.inverse
        let points = (0..<solid.vertexCount).map { toLocal.apply(to: solid.vertex($0)) }
        guard let axes = PrincipalAxes(points) else { return nil }
        var z = axes.axes[2]
        // Crown-local origin is the crown's centroid: the solid sits outside it, on the surface.
        if z.dot(axes.centre) < 0 { z = -z }
        var x = Vector3.unitX - z * z.x
        if x.length < 1e-6 { x = Vector3.unitY - z * z.y }
        x = x.normalized
        let y = z.cross(x)
        let coords = points.map { p in Vector3((p - axes.centre).dot(x), (p - axes.centre).dot(y), (p - axes.centre).dot(z)) }
        guard let box = BoundingBox(points: coords) else { return nil }
        let template = AttachmentTemplate(kind: .unknown, widthMM: box.size.x, heightMM: box.size.y, depthMM: box.size.z)
        guard template.isValid else { return nil }
        let base = axes.centre + x * ((box.min.x + box.max.x) / 2) + y * ((box.min.y + box.max.y) / 2) + z * box.min.z
        return Attachment(tooth: tooth, template: template,
                          placement: RigidTransform(rotation: Quaternion(columns: x, y, z), translation: base),
                          stagePlaced: firstStage, stageRemoved: lastStage < lastStageOfArch ? lastStage + 1 : nil)
    }
}
