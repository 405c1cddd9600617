import Foundation
import PlanModel
import VendorKit
/// print-manifest.json, field for field (FORMAT.md, "print-manifest.json"): everything intake needs that
/// the stage 3MFs do not carry, and what each 3MF is expected to hold. Kept apart from the plan model so
/// the file format changes only on purpose.
struct PrintManifest: Codable, Equatable {
    var format: String
    var formatVersion: String
    /// Always "millimeter", as in every stage 3MF.
    var unit: String
    var `case`: CaseRecord
    var arches: [ArchRecord]


    struct ArchRecord: Codable, Equatable {
        var jaw: String
        var gingiva: MeshRecord?
        var teeth: [ToothRecord]
        var attachments: [AttachmentRecord]
        var ipr: [IPRRecord]
        var stages: [StageRecord]
    }

    /// The object a mesh is in every stage 3MF, and what it must read back as.
    struct MeshRecord: Codable, Equatable {
        var object: String
        var vertices: Int
        var triangles: Int
        /// TriangleMesh.contentHash of the mesh.
        var sha256: String
    }

    struct ToothRecord: Codable, Equatable {
        var fdi: Int
        var status: String
        /// The stage-0 crown (every stage's object; its component moves it), nil for a missing tooth.
        var crown: MeshRecord?
        var frame: FrameRecord
    }

    struct FrameRecord: Codable, Equatable {
        var origin: [Double]
        var longAxis: [Double]
        var mesialAxis: [Double]
        var facialAxis: [Double]
    }

    struct AttachmentRecord: Codable, Equatable {
        var tooth: Int
        var kind: String
        var widthMM: Double
        var heightMM: Double
        var depthMM: Double
        var placement: PlacementRecord
        var stagePlaced: Int
        var stageRemoved: Int?
        /// The object name of its solid in the stages where it is bonded.
        var object: String
    }

    struct PlacementRecord: Codable, Equatable {
        /// Unit quaternion [w, x, y, z].
        var rotation: [Double]
        /// Millimetres [x, y, z].
        var translation: [Double]
    }

    struct IPRRecord: Codable, Equatable {
        var contact: [Int]
        var amountMM: Double
        var beforeStage: Int
    }

    struct StageRecord: Codable, Equatable {
        var index: Int
        var passive: Bool
        var overcorrection: Bool
        /// The stage's 3MF inside the archive.
        var file: String
        /// The ag:label the 3MF carries.
        var label: String
        /// Build items in the 3MF: 1, the arch model (1.0: one per part).
        var buildItems: Int
        /// Components of the arch model: crowns, gingiva, active attachments (absent in 1.0).
        var components: Int?
        /// Triangles of all objects in the 3MF.
        var triangles: Int
        /// Indices into the arch's attachments bonded during this stage, in 3MF order.
        var attachments: [Int]
        /// Each crown's pose, repeated here for checks that do not parse 3MF (and to cross-check those that do).
        var poses: [PoseRecord]
    }

    /// A crown's pose at a stage twice over: as the plan states it and as the 3MF component writes it.
    struct PoseRecord: Codable, Equatable {
        var tooth: Int
        /// The plan's pose, p' = R·p + t: unit quaternion [w, x, y, z] (Hamilton) …
        var rotation: [Double]
        /// … and translation [x, y, z] in millimetres.
        var translation: [Double]
        /// The crown component's 3MF transform: m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32 (p' = p · M).
        var transform: [Double]
    }
}

extension PrintManifest {
    /// print-manifest.json's bytes: `format` first (what the probe reads), then the rest (ManifestJSON).
    func encoded() throws -> Data {
        try ManifestJSON.encode([("format", format), ("formatVersion", formatVersion), ("unit", unit), ("case", `case`),
                                 ("arches", arches)])
    }
}
