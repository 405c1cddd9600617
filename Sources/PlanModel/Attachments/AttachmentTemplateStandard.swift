/// Typical dimensions and dimension checks for attachment templates.
extension AttachmentTemplate {
    /// The largest width, height or depth a template may have, in mm.
    public static let maximumDimensionMM = 10.0

    /// A template of `kind` with typical dimensions (mm). Widths follow the usual 3–5 mm attachments;
    /// the depths are conventional choices (no public source gives them), ~1 mm for bonded composite.
    public static func standard(_ kind: AttachmentKind) -> AttachmentTemplate {
        let (w, h, d): (Double, Double, Double) = switch kind {
        case .rectangularHorizontal: (4, 2, 1)
        case .rectangularVertical: (2, 4, 1)
        case .bevelledGingival, .bevelledOcclusal: (4, 2, 1)
        case .ellipsoid: (3, 2, 1)
        case .optimizedRotation: (3, 2.5, 1)
        case .optimizedExtrusion: (4, 2.5, 1)
        case .optimizedRootControl: (3, 5, 1)
        case .powerRidge: (6, 1, 0.5)
        case .biteRamp: (4, 3, 2)
        case .button: (2, 2, 1)
        case .hook: (2, 3, 1.5)
        case .precisionCut: (3, 2.5, 1.5)
        case .unknown: (3, 2, 1)  // the extent of a common composite attachment; the shape stays unknown
        }
        return AttachmentTemplate(kind: kind, widthMM: w, heightMM: h, depthMM: d)
    }

    /// Every dimension that is not finite, not positive or above `maximumDimensionMM`.
    public var dimensionProblems: [AttachmentDimensionProblem] {
        [(AttachmentDimensionProblem.Dimension.width, widthMM), (.height, heightMM), (.depth, depthMM)]
            .filter { !($0.1.isFinite && $0.1 > 0 && $0.1 <= Self.maximumDimensionMM) }
            .map { AttachmentDimensionProblem(dimension: $0.0, valueMM: $0.1) }
    }

    /// Whether every dimension is finite, positive and at most `maximumDimensionMM`.
    public var isValid: Bool { dimensionProblems.isEmpty }

    /// The box the template's solid fills in its local frame: x ±width/2, y ±height/2, z 0…depth.
    public var localBounds: BoundingBox {
        BoundingBox(min: Vector3(-widthMM / 2, -heightMM / 2, 0), max: Vector3(widthMM / 2, heightMM / 2, depthMM))
    }
}

/// A template dimension outside (0, `AttachmentTemplate.maximumDimensionMM`] mm.
public struct AttachmentDimensionProblem: Hashable, Sendable, CustomStringConvertible {
    /// Which of the three template dimensions.
    public enum Dimension: String, Hashable, Sendable, CaseIterable {
        case width, height, depth
    }

    public var dimension: Dimension
    public var valueMM: Double

    public init(dimension: Dimension, valueMM: Double) {
        self.dimension = dimension
        self.valueMM = valueMM
    }

    public var description: String {
        "attachment \(dimension.rawValue) \(valueMM) mm must be finite, positive and at most "
            + "\(AttachmentTemplate.maximumDimensionMM) mm"
    }
}
