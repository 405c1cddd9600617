import PlanModel

/// Builds the printable model of an arch at a stage: every crown moved by its pose, the gingiva, and
/// the solids of the attachments bonded during that stage. Shared by every adapter that bakes meshes.
public enum StageBaker {
    /// One part of a baked model and the triangles it occupies, so a reader can split the model again.
    public struct Part: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable { case crown, gingiva, attachment }
        public var kind: Kind
        /// The tooth (crowns and attachments).
        public var tooth: ToothID?
        /// Index into the arch's attachments (attachments only).
        public var attachment: Int?
        /// First triangle of the part in the baked mesh.
        public var firstTriangle: Int
        public var triangleCount: Int

        public init(kind: Kind, tooth: ToothID?, attachment: Int?, firstTriangle: Int, triangleCount: Int) {
            self.kind = kind
            self.tooth = tooth
            self.attachment = attachment
            self.firstTriangle = firstTriangle
            self.triangleCount = triangleCount
        }
    }

    /// The baked mesh and its parts, in a fixed order: crowns along the arch, gingiva, attachments.
    public static func model(_ arch: Arch, stage: Int, attachments includeAttachments: Bool = true) -> (mesh: TriangleMesh, parts: [Part]) {
        var mesh = TriangleMesh()
        var parts: [Part] = []
        func add(_ part: TriangleMesh, _ kind: Part.Kind, tooth: ToothID? = nil, attachment: Int? = nil) {
            parts.append(Part(kind: kind, tooth: tooth, attachment: attachment, firstTriangle: mesh.triangleCount,
                              triangleCount: part.triangleCount))
            mesh.append(part)
        }
        for tooth in orderedCrowns(arch) {
            guard let crown = tooth.crown else { continue }
            add(crown.transformed(by: arch.pose(of: tooth.id, atStage: stage)), .crown, tooth: tooth.id)
        }
        if let gingiva = arch.gingiva { add(gingiva, .gingiva) }
        if includeAttachments {
            for (i, a) in arch.attachments.enumerated() where a.isActive(atStage: stage) {
                guard let tooth = arch.tooth(a.tooth) else { continue }
                add(attachmentSolid(a, frame: tooth.frame, pose: arch.pose(of: a.tooth, atStage: stage)), .attachment,
                    tooth: a.tooth, attachment: i)
            }
        }
        return (mesh, parts)
    }

    /// The attachment-template model: stage 0 with every attachment bonded (whenever it is placed), which
    /// the dentist fills with composite to bond them.
    public static func attachmentTemplate(_ arch: Arch) -> (mesh: TriangleMesh, parts: [Part]) {
        var withAll = arch
        withAll.attachments = arch.attachments.map { a in
            var a = a
            a.stagePlaced = 0
            a.stageRemoved = nil
            return a
        }
        return model(withAll, stage: 0)
    }

    /// An attachment's solid in model coordinates when its tooth has `pose`:
    /// pose ∘ crown local frame ∘ placement, applied to the template mesh.
    public static func attachmentSolid(_ a: Attachment, frame: CrownFrame, pose: RigidTransform) -> TriangleMesh {
        a.template.mesh().transformed(by: pose.composed(with: frame.localToModel).composed(with: a.placement))
    }

    /// Crowns in arch order (patient's right distal to left distal).
    public static func orderedCrowns(_ arch: Arch) -> [Tooth] {
        arch.teeth.filter { $0.crown != nil }.sorted { ($0.id.archPosition, $0.id.fdi) < ($1.id.archPosition, $1.id.fdi) }
    }
}
