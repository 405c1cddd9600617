import PlanModel
import VendorKit

/// Which triangles of a baked model are which part, computed from the plan without baking anything:
/// the manifest (written first) needs every stage's layout before any stage mesh exists. The order is
/// `StageBaker.model`'s — crowns along the arch, gingiva, active attachments — and the writer checks each
/// baked stage against it, so the two cannot silently drift apart.
struct ModelLayout: Equatable {
    /// One part: a crown (tooth), the gingiva, or an attachment solid (index into the arch's attachments).
    struct Part: Equatable {
        var kind: StageBaker.Part.Kind
        var tooth: ToothID?
        var attachment: Int?
        var firstTriangle: Int
        var triangleCount: Int
    }

    var parts: [Part]

    var triangleCount: Int { parts.last.map { $0.firstTriangle + $0.triangleCount } ?? 0 }

    /// The attachment parts, as the manifest lists them.
    var attachmentParts: [GenericSTLManifest.AttachmentPart] {
        parts.compactMap { p in
            p.attachment.map { GenericSTLManifest.AttachmentPart(attachment: $0, firstTriangle: p.firstTriangle, triangleCount: p.triangleCount) }
        }
    }

    /// The layout of `arch`'s model with the attachments `included` says are bonded.
    /// `attachmentTriangles[i]` is the triangle count of attachment i's solid.
    static func model(_ arch: Arch, attachmentTriangles: [Int], including included: (Attachment) -> Bool) -> ModelLayout {
        var parts: [Part] = []
        var next = 0
        func add(_ kind: StageBaker.Part.Kind, _ count: Int, tooth: ToothID? = nil, attachment: Int? = nil) {
            parts.append(Part(kind: kind, tooth: tooth, attachment: attachment, firstTriangle: next, triangleCount: count))
            next += count
        }
        for tooth in StageBaker.orderedCrowns(arch) {
            guard let crown = tooth.crown else { continue }
            add(.crown, crown.triangleCount, tooth: tooth.id)
        }
        if let gingiva = arch.gingiva { add(.gingiva, gingiva.triangleCount) }
        for (i, a) in arch.attachments.enumerated() where included(a) && arch.tooth(a.tooth) != nil {
            add(.attachment, attachmentTriangles.indices.contains(i) ? attachmentTriangles[i] : 0, tooth: a.tooth, attachment: i)
        }
        return ModelLayout(parts: parts)
    }

    /// The layout of stage `index`.
    static func stage(_ arch: Arch, _ index: Int, attachmentTriangles: [Int]) -> ModelLayout {
        model(arch, attachmentTriangles: attachmentTriangles) { $0.isActive(atStage: index) }
    }

    /// The layout of the attachment template (every attachment, whenever it is bonded).
    static func template(_ arch: Arch, attachmentTriangles: [Int]) -> ModelLayout {
        model(arch, attachmentTriangles: attachmentTriangles) { _ in true }
    }

    /// Whether a baked model's parts are exactly this layout.
    func matches(_ baked: [StageBaker.Part]) -> Bool {
        baked.map { Part(kind: $0.kind, tooth: $0.tooth, attachment: $0.attachment, firstTriangle: $0.firstTriangle,
                         triangleCount: $0.triangleCount) } == parts
    }
}
