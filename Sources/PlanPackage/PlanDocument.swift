import PlanModel
import Foundation

/// plan.json, field for field. Kept apart from the model so the file format changes only on purpose.
struct PlanDocument: Codable, Equatable {
    var format: String
    var formatVersion: String
    var `case`: CaseRecord
    var arches: [ArchDocument]
    /// 1.1: what aligngate derived the plan from; absent for a planner's plan.
    var derivation: DerivationDocument?

    struct DerivationDocument: Codable, Equatable {
        var sourceRevision: String
        var target: String
        var margin: Double
        var sourceAligners: [String: Int]
    }

    struct ArchDocument: Codable, Equatable {
        var jaw: String
        var gingiva: MeshReference?
        var teeth: [ToothDocument]
        var stages: [StageDocument]
        var attachments: [AttachmentDocument]
        var ipr: [IPRDocument]
    }

    struct MeshReference: Codable, Equatable {
        /// Path inside the package, forward slashes, relative.
        var file: String
        /// TriangleMesh.contentHash of the decoded mesh, checked on read.
        var sha256: String
        var vertices: Int
        var triangles: Int
    }

    struct ToothDocument: Codable, Equatable {
        var fdi: Int
        var status: String
        var crown: MeshReference?
        var frame: FrameDocument
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
        var poses: [PoseDocument]
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
        /// 1.2: the source's own name for the kind; absent when it gave none.
        var label: String?
        var placement: PlacementDocument
        var stagePlaced: Int
        var stageRemoved: Int?
    }

    struct PlacementDocument: Codable, Equatable {
        var rotation: [Double]
        var translation: [Double]
    }

    struct IPRDocument: Codable, Equatable {
        var contact: [Int]
        var amountMM: Double
        var beforeStage: Int
    }
}
