import PlanModel
import Foundation
import VendorKit

/// manifest.json, field for field (FORMAT.md, "manifest.json"). Plain values only: turning them into
/// model values, with the field path in every refusal, is `ManifestReader`'s job.
struct GenericSTLManifest: Codable, Equatable {
    var format: String
    var formatVersion: String
    /// Always "mm".
    var units: String
    /// Always "FDI".
    var numbering: String
    var `case`: CaseRecord
    /// At most one per jaw, upper first.
    var arches: [ArchDocument]


    struct ArchDocument: Codable, Equatable {
        var jaw: String
        /// In the plan's order.
        var teeth: [ToothDocument]
        /// The gingiva's triangles in every stage model; absent when the plan has no gingiva.
        var gingiva: TriangleRange?
        var stages: [StageDocument]
        var attachmentTemplate: ModelDocument
        var attachments: [AttachmentDocument]
        var ipr: [IPRDocument]
    }

    /// A run of triangles inside an STL: triangles `firstTriangle ..< firstTriangle + triangleCount`.
    struct TriangleRange: Codable, Equatable {
        var firstTriangle: Int
        var triangleCount: Int
    }

    struct ToothDocument: Codable, Equatable {
        var fdi: Int
        var status: String
        var frame: FrameDocument
        /// The crown's triangles in every stage model (the same range in each); absent without a crown.
        var crown: TriangleRange?
    }

    struct FrameDocument: Codable, Equatable {
        var origin: [Double]
        var longAxis: [Double]
        var mesialAxis: [Double]
        var facialAxis: [Double]
    }

    struct StageDocument: Codable, Equatable {
        var index: Int
        var passive: Bool
        var overcorrection: Bool
        /// The stage model, `<jaw>/stage-NN.stl`.
        var file: String
        /// Its triangle count: crowns + gingiva + the attachments below.
        var triangles: Int
        /// The attachment solids in this model (those on the teeth during the stage), in arch attachment order.
        var attachments: [AttachmentPart]
        /// Sorted by tooth.
        var poses: [PoseDocument]
    }

    /// The attachment-template model: stage 0 with every attachment solid.
    struct ModelDocument: Codable, Equatable {
        var file: String
        var triangles: Int
        var attachments: [AttachmentPart]
    }

    /// One attachment solid's triangles inside a model; `attachment` indexes the arch's `attachments`.
    struct AttachmentPart: Codable, Equatable {
        var attachment: Int
        var firstTriangle: Int
        var triangleCount: Int
    }

    struct PoseDocument: Codable, Equatable {
        var tooth: Int
        /// Unit quaternion [w, x, y, z].
        var rotation: [Double]
        /// Millimetres [x, y, z].
        var translation: [Double]
    }

    struct AttachmentDocument: Codable, Equatable {
        var tooth: Int
        var kind: String
        var widthMM: Double
        var heightMM: Double
        var depthMM: Double
        var placement: PlacementDocument
        var stagePlaced: Int
        /// Absent = kept to the end.
        var stageRemoved: Int?
    }

    struct PlacementDocument: Codable, Equatable {
        var rotation: [Double]
        var translation: [Double]
    }

    struct IPRDocument: Codable, Equatable {
        /// [FDI, FDI] in arch order (patient's right first).
        var contact: [Int]
        var amountMM: Double
        var beforeStage: Int
    }
}

extension GenericSTLManifest {
    /// manifest.json's bytes: `format` first (what the probe reads), then the rest (ManifestJSON).
    func encoded() throws -> Data {
        try ManifestJSON.encode([("format", format), ("formatVersion", formatVersion), ("units", units),
                                 ("numbering", numbering), ("case", `case`), ("arches", arches)])
    }
}
