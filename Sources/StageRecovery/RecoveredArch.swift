import PlanModel

/// How a tooth was followed into one stage and how well one rigid motion explains it there.
public struct ToothTrack: Sendable, Hashable, Codable {
    public var stage: Int
    public var tooth: ToothID
    public var method: MatchMethod
    /// RMS residual of the fit (mm): point pairs with correspondence, point-to-plane for ICP.
    public var rmsResidualMM: Double
}

/// An attachment-sized solid found on a tooth: its kind cannot be recovered from a mesh.
public struct RecoveredAttachment: Sendable, Hashable {
    public var tooth: ToothID
    /// The stages it is on the tooth, first and last.
    public var firstStage: Int
    public var lastStage: Int
    /// The solid moved back to the tooth's stage-0 position.
    public var solid: TriangleMesh

    public init(tooth: ToothID, firstStage: Int, lastStage: Int, solid: TriangleMesh) {
        self.tooth = tooth
        self.firstStage = firstStage
        self.lastStage = lastStage
        self.solid = solid
    }
}

/// Which jaw the geometry says a model is, and why.
public struct JawEvidence: Sendable, Hashable, Codable {
    public var jaw: Jaw?
    public var reason: String

    /// From the direction gingiva → crowns: the crowns of the upper jaw lie below its gingiva (docs/MODEL.md:
    /// z superior), those of the lower jaw above. Undecided without gingiva or when the offset is tiny.
    public static func from(teethCentroid: Vector3?, gingivaCentroid: Vector3?) -> JawEvidence {
        guard let t = teethCentroid, let g = gingivaCentroid else {
            return JawEvidence(jaw: nil, reason: "no gingiva and crowns to compare: the occlusal direction is unknown")
        }
        let dz = t.z - g.z
        if abs(dz) < 1 {
            return JawEvidence(jaw: nil, reason: "crowns and gingiva at the same height (\(String(format2: dz)) mm): the occlusal direction is unclear")
        }
        return JawEvidence(jaw: dz < 0 ? .upper : .lower,
                           reason: "the crowns lie \(String(format2: abs(dz))) mm \(dz < 0 ? "below" : "above") the gingiva (z superior): occlusal direction \(dz < 0 ? "down, an upper" : "up, a lower") arch")
    }
}

/// Everything recovered for one arch: the plan's arch and the decisions behind it.
public struct RecoveredArch: Sendable {
    public var arch: Arch
    /// How the teeth were found: "shells" (one shell per tooth) or "motion" (a fused model segmented by motion).
    public var segmentation: String
    public var shells: [ShellDecision]
    public var tracks: [ToothTrack]
    /// "geometry" or "override".
    public var numberedBy: String
    public var numbering: [NumberingDecision]
    public var attachments: [RecoveredAttachment]
    public var jawEvidence: JawEvidence
    /// The arch's extent across (mm), for unit and jaw checks.
    public var extentMM: Double
    public var issues: [RecoveryIssue]

    /// The largest RMS residual of any tooth at any stage.
    public var worstResidualMM: Double { tracks.map(\.rmsResidualMM).max() ?? 0 }
}

/// Why recovery could not produce an arch.
public enum RecoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--teeth` gave a different number of teeth than the model has.
    case overrideCount(given: Int, found: Int)
    /// The same tooth number twice in `--teeth`.
    case overrideDuplicate(ToothID)
    /// The teeth cannot be numbered from their geometry (too few, or too many on a side).
    case cannotNumber(teeth: Int, detail: String)

    public var description: String {
        switch self {
        case let .overrideCount(given, found): "--teeth lists \(given) teeth but the model has \(found) tooth shells; list every tooth in arch order (patient's right distal first)"
        case let .overrideDuplicate(id): "--teeth lists tooth \(id) twice"
        case let .cannotNumber(teeth, detail): "cannot number \(teeth) tooth shell(s) from their geometry: \(detail); give the numbers with --teeth in arch order"
        }
    }
}
