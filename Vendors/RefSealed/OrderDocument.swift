import PlanModel
import Foundation
import VendorKit

/// order.json, field for field (FORMAT.md, "order.json"). Plain values only: turning them into model
/// values, with the field path in every refusal, is `OrderReader`'s job.
struct OrderDocument: Codable, Equatable {
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
        var stages: [StageDocument]
        /// The attachment-template model; absent for an arch without stages.
        var template: ModelDocument?
        var attachments: [AttachmentDocument]
        var ipr: [IPRDocument]
    }

    /// One baked model file and its triangle count.
    struct ModelDocument: Codable, Equatable {
        var model: String
        var triangles: Int
    }

    struct StageDocument: Codable, Equatable {
        var index: Int
        var passive: Bool
        var overcorrection: Bool
        var model: String
        var triangles: Int
    }

    struct AttachmentDocument: Codable, Equatable {
        /// FDI.
        var tooth: Int
        var kind: String
        var widthMM: Double
        var heightMM: Double
        var depthMM: Double
        var placement: TransformDocument
        var stagePlaced: Int
        /// Absent = kept to the end.
        var stageRemoved: Int?
    }

    /// A rigid transform: `rotation` [w, x, y, z] unit quaternion, `translation` [x, y, z] mm.
    struct TransformDocument: Codable, Equatable {
        var rotation: [Double]
        var translation: [Double]
    }

    struct IPRDocument: Codable, Equatable {
        /// Two FDI numbers, in arch order (patient's right first).
        var contact: [Int]
        var amountMM: Double
        var beforeStage: Int
    }
}

extension OrderDocument {
    /// order.json's bytes: `format` first (what the probe reads), then the rest (ManifestJSON).
    func encoded() throws -> Data {
        try ManifestJSON.encode([("format", format), ("formatVersion", formatVersion), ("units", units),
                                 ("numbering", numbering), ("case", `case`), ("arches", arches)])
    }
}
