/// One jaw's part of a plan: its teeth, gingiva, stages, attachments and IPR.
public struct Arch: Hashable, Sendable {
    public var jaw: Jaw
    public var teeth: [Tooth]
    /// The gingiva (soft tissue and base) at stage 0; it does not move between stages.
    public var gingiva: TriangleMesh?
    /// Stage 0 is the initial position; each later stage is one aligner.
    public var stages: [Stage]
    public var attachments: [Attachment]
    public var ipr: [IPREvent]

    public init(jaw: Jaw, teeth: [Tooth], gingiva: TriangleMesh? = nil, stages: [Stage],
                attachments: [Attachment] = [], ipr: [IPREvent] = []) {
        self.jaw = jaw
        self.teeth = teeth
        self.gingiva = gingiva
        self.stages = stages
        self.attachments = attachments
        self.ipr = ipr
    }

    /// The tooth with this id, if the arch has it.
    public func tooth(_ id: ToothID) -> Tooth? { teeth.first { $0.id == id } }

    /// Aligners this arch needs: every stage after stage 0.
    public var alignerCount: Int { stages.count { $0.index > 0 } }

    /// Teeth that have a crown and move with the stages (present, implant or pontic).
    public var movableTeeth: [Tooth] { teeth.filter { $0.status.hasCrown } }

    /// The pose of `tooth` at stage `stageIndex` relative to stage 0 (identity where the stage gives none).
    public func pose(of tooth: ToothID, atStage stageIndex: Int) -> RigidTransform {
        // Stages are normally stored in index order; look up by index so a gap cannot shift them.
        let stage = stages.indices.contains(stageIndex) && stages[stageIndex].index == stageIndex
            ? stages[stageIndex] : stages.first { $0.index == stageIndex }
        return stage?.poses[tooth] ?? .identity
    }
}

/// One tooth of an arch at stage 0.
public struct Tooth: Hashable, Sendable {
    public var id: ToothID
    public var status: ToothStatus
    /// The crown surface at stage 0 (nil for a missing tooth).
    public var crown: TriangleMesh?
    public var frame: CrownFrame

    public init(id: ToothID, status: ToothStatus = .present, crown: TriangleMesh?, frame: CrownFrame) {
        self.id = id
        self.status = status
        self.crown = crown
        self.frame = frame
    }
}

/// Whether a tooth is there and what it is.
public enum ToothStatus: String, Codable, Sendable, CaseIterable {
    case present, missing, implant, pontic

    /// Whether the tooth has a crown in the model (everything but missing).
    public var hasCrown: Bool { self != .missing }
}

/// A tooth's anatomical frame at stage 0, in model coordinates (mm). The axes are unit vectors and
/// mutually perpendicular; movements are reported along them.
public struct CrownFrame: Hashable, Codable, Sendable {
    /// The crown's centre (where movements are measured).
    public var origin: Vector3
    /// Along the long axis, from the root towards the incisal edge / occlusal surface (extrusion is +).
    public var longAxis: Vector3
    /// Along the arch towards the midline (mesial is +).
    public var mesialAxis: Vector3
    /// Out of the arch towards lips and cheeks (buccal/labial is +).
    public var facialAxis: Vector3

    public init(origin: Vector3, longAxis: Vector3, mesialAxis: Vector3, facialAxis: Vector3) {
        self.origin = origin
        self.longAxis = longAxis
        self.mesialAxis = mesialAxis
        self.facialAxis = facialAxis
    }

    /// The crown's local coordinate system as a rigid transform to model coordinates: origin at the crown
    /// centre, y = long axis, z = facial axis, x = y × z. Attachment placements are given in it.
    /// x is mesial in quadrants 2, 4, 6, 8 and distal in 1, 3, 5, 7: the sides of a jaw are mirror images,
    /// and only a right-handed system keeps placements rigid (no mirrored attachment meshes).
    public var localToModel: RigidTransform {
        RigidTransform(rotation: Quaternion(columns: longAxis.cross(facialAxis), longAxis, facialAxis), translation: origin)
    }

    /// This frame moved by `pose`.
    public func moved(by pose: RigidTransform) -> CrownFrame {
        CrownFrame(origin: pose.apply(to: origin), longAxis: pose.applyToDirection(longAxis),
                   mesialAxis: pose.applyToDirection(mesialAxis), facialAxis: pose.applyToDirection(facialAxis))
    }

    /// Whether the axes are finite, of unit length and mutually perpendicular within `tolerance`.
    public func isOrthonormal(tolerance: Double = 1e-4) -> Bool {
        let axes = [longAxis, mesialAxis, facialAxis]
        return origin.isFinite && axes.allSatisfy { $0.isFinite && abs($0.length - 1) <= tolerance }
            && abs(longAxis.dot(mesialAxis)) <= tolerance && abs(longAxis.dot(facialAxis)) <= tolerance
            && abs(mesialAxis.dot(facialAxis)) <= tolerance
    }
}
