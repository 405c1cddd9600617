import Foundation
import MeshIO
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
        for piece in pieces(arch, stage: stage, attachments: includeAttachments) {
            let part = piece.pose.map { piece.mesh.transformed(by: $0) } ?? piece.mesh
            parts.append(Part(kind: piece.kind, tooth: piece.tooth, attachment: piece.attachment, firstTriangle: mesh.triangleCount,
                              triangleCount: part.triangleCount))
            mesh.append(part)
        }
        return (mesh, parts)
    }

    /// The model of `model(_:stage:)` written straight as binary STL (`STLCodec.encode`'s bytes, `name` in
    /// the header) without building the baked mesh: each part is posed into a reused buffer and encoded.
    public static func binarySTL(_ arch: Arch, stage: Int, name: String) -> (stl: Data, parts: [Part]) {
        encode(pieces(arch, stage: stage, attachments: true), name: name)
    }

    /// The attachment template (`attachmentTemplate(_:)`) as binary STL.
    public static func attachmentTemplateSTL(_ arch: Arch, name: String) -> (stl: Data, parts: [Part]) {
        encode(pieces(allAttachmentsBonded(arch), stage: 0, attachments: true), name: name)
    }

    /// One part before baking: its mesh and, for crowns, the pose that moves it.
    struct Piece {
        var mesh: TriangleMesh
        var pose: RigidTransform?
        var kind: Part.Kind
        var tooth: ToothID?
        var attachment: Int?
    }

    /// The parts of a stage model, in the fixed order.
    static func pieces(_ arch: Arch, stage: Int, attachments includeAttachments: Bool) -> [Piece] {
        var pieces: [Piece] = []
        for tooth in orderedCrowns(arch) {
            guard let crown = tooth.crown else { continue }
            pieces.append(Piece(mesh: crown, pose: arch.pose(of: tooth.id, atStage: stage), kind: .crown, tooth: tooth.id))
        }
        if let gingiva = arch.gingiva { pieces.append(Piece(mesh: gingiva, kind: .gingiva)) }
        if includeAttachments {
            // An unknown kind has no solid (`AttachmentTemplate.mesh()`): nothing is baked for it.
            for (i, a) in arch.attachments.enumerated() where a.isActive(atStage: stage) && a.template.kind != .unknown {
                guard let tooth = arch.tooth(a.tooth) else { continue }
                pieces.append(Piece(mesh: attachmentSolid(a, frame: tooth.frame, pose: arch.pose(of: a.tooth, atStage: stage)),
                                    kind: .attachment, tooth: a.tooth, attachment: i))
            }
        }
        return pieces
    }

    private static func encode(_ pieces: [Piece], name: String) -> (stl: Data, parts: [Part]) {
        var builder = BinarySTLBuilder(triangles: pieces.reduce(0) { $0 + BinarySTLBuilder.triangleCount($1.mesh) }, name: name)
        var parts: [Part] = []
        var first = 0
        for piece in pieces {
            builder.append(piece.mesh, posedBy: piece.pose)
            // Parts count the mesh's triangles, as `model` does.
            parts.append(Part(kind: piece.kind, tooth: piece.tooth, attachment: piece.attachment, firstTriangle: first,
                              triangleCount: piece.mesh.triangleCount))
            first += piece.mesh.triangleCount
        }
        return (builder.finish(), parts)
    }

    /// The attachment-template model: stage 0 with every attachment bonded (whenever it is placed), which
    /// the dentist fills with composite to bond them.
    public static func attachmentTemplate(_ arch: Arch) -> (mesh: TriangleMesh, parts: [Part]) {
        model(allAttachmentsBonded(arch), stage: 0)
    }

    /// `arch` with every attachment bonded from stage 0 on.
    static func allAttachmentsBonded(_ arch: Arch) -> Arch {
        var withAll = arch
        withAll.attachments = arch.attachments.map { a in
            var a = a
            a.stagePlaced = 0
            a.stageRemoved = nil
            return a
        }
        return withAll
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
