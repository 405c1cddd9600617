import PlanModel

/// The attachments of a sample arch: what a planner would add for this kind of crowding correction.
///
/// Upper: horizontal rectangles on the first premolars (anchorage), an ellipsoid on the more rotated
/// lateral incisor (removed once derotated), precision cuts on the canines for class II elastics. Lower:
/// an optimized-rotation attachment on the more rotated canine, vertical rectangles on the first
/// premolars, buttons on the first molars for the elastics. Each sits on the crown's facial surface,
/// turned to the surface normal there.
///
/// Placements are in the crown's right-handed local coordinates (PlanModel's `Attachment.placement`:
/// y long axis, z facial, x = y × z), so x is mesial in quadrants 2 and 4 and distal in 1 and 3.
enum AttachmentPlan {
    static func attachments(jaw: Jaw, shapes: [ToothID: CrownShape], frames: [ToothID: CrownFrame],
                            perturbations: [ToothID: Perturbation], schedule: StageSchedule,
                            elasticsFrom: Int) -> [Attachment] {
        let rotation = { (fdi: Int) in abs((try? ToothID(fdi: fdi)).flatMap { perturbations[$0] }?.rotationDegrees ?? 0) }
        let moreRotated = { (a: Int, b: Int) in rotation(b) > rotation(a) ? b : a }
        var out = [Attachment?]()
        func add(_ fdi: Int, _ kind: AttachmentKind, _ size: (Double, Double, Double), at v: Double,
                 placed: Int, removed: Int? = nil) {
            guard let id = try? ToothID(fdi: fdi), let shape = shapes[id], let frame = frames[id] else { return }
            out.append(attachment(id, kind, size, shape: shape, mirrored: !frame.isRightHandedTriple, v: v,
                                  placed: placed, removed: removed))
        }
        switch jaw {
        case .upper:
            let derotated = schedule.active >= 6 ? 2 * schedule.active / 3 + 1 : nil
            add(moreRotated(12, 22), .ellipsoid, (2.5, 3.0, 0.8), at: 0.45 * .pi, placed: 1, removed: derotated)
            for fdi in [14, 24] { add(fdi, .rectangularHorizontal, (4.0, 2.0, 1.0), at: 0.45 * .pi, placed: 1) }
            for fdi in [13, 23] { add(fdi, .precisionCut, (2.0, 2.0, 0.5), at: 0.6 * .pi, placed: elasticsFrom) }
        case .lower:
            add(moreRotated(33, 43), .optimizedRotation, (3.0, 4.0, 1.0), at: 0.45 * .pi, placed: 1)
            for fdi in [34, 44] { add(fdi, .rectangularVertical, (2.0, 4.0, 1.0), at: 0.45 * .pi, placed: 1) }
            for fdi in [36, 46] { add(fdi, .button, (2.5, 2.5, 1.2), at: 0.55 * .pi, placed: elasticsFrom) }
        }
        return out.compactMap { $0 }.sorted { ($0.tooth.archPosition, $0.stagePlaced) < ($1.tooth.archPosition, $1.stagePlaced) }
    }

    /// The template's frame in local coordinates: origin on the surface at polar angle `v` facing facially,
    /// z along the outward normal, x as close to local x as that allows, y towards occlusal. `mirrored`
    /// when local x is distal (the shape's crown coordinates have x mesial).
    private static func attachment(_ id: ToothID, _ kind: AttachmentKind, _ size: (Double, Double, Double),
                                   shape: CrownShape, mirrored: Bool, v: Double, placed: Int,
                                   removed: Int?) -> Attachment {
        let site = shape.facialSite(v: v)
        let local = { (p: Vector3) in mirrored ? Vector3(-p.x, p.y, p.z) : p }
        let z = local(site.normal)
        let x = (Vector3.unitX - z * z.x).normalized
        let y = z.cross(x)
        return Attachment(tooth: id, template: AttachmentTemplate(kind: kind, widthMM: size.0, heightMM: size.1, depthMM: size.2),
                          placement: RigidTransform(rotation: Quaternion(columns: x, y, z), translation: local(site.position)),
                          stagePlaced: placed, stageRemoved: removed)
    }
}
