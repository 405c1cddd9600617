/// The shapes of the attachment template library.
public enum AttachmentKind: String, Codable, Sendable, CaseIterable {
    case rectangularHorizontal = "rectangular-horizontal"
    case rectangularVertical = "rectangular-vertical"
    case bevelledGingival = "bevelled-gingival"
    case bevelledOcclusal = "bevelled-occlusal"
    case ellipsoid
    case optimizedRotation = "optimized-rotation"
    case optimizedExtrusion = "optimized-extrusion"
    case optimizedRootControl = "optimized-root-control"
    case powerRidge = "power-ridge"
    case biteRamp = "bite-ramp"
    case button
    case hook
    case precisionCut = "precision-cut"
    /// A solid whose kind the source did not say or aligngate cannot map (an STL series' recovered solid, an
    /// unmapped planner type): its dimensions are known, its shape is not, so it has no template solid.
    case unknown

    /// Every kind of the template library: all but `unknown`, each with a parametric solid.
    public static let known: [AttachmentKind] = allCases.filter { $0 != .unknown }
}

/// A parametric attachment shape, dimensions in mm. In its local frame x runs mesial–distal,
/// y along the tooth's long axis (occlusal +), z out of the tooth surface; the base sits on z = 0.
public struct AttachmentTemplate: Hashable, Codable, Sendable {
    public var kind: AttachmentKind
    /// Extent along x (mesial–distal).
    public var widthMM: Double
    /// Extent along y (occlusal–gingival).
    public var heightMM: Double
    /// How far it stands off the tooth surface (no public source gives it; ~1 mm is usual).
    public var depthMM: Double
    /// The source's own name for the kind (an OnyxCeph³ type such as "Ellipse 3 mm"), kept as written so an
    /// unknown kind can still be identified by a person; nil when the source gave none.
    public var label: String?

    public init(kind: AttachmentKind, widthMM: Double, heightMM: Double, depthMM: Double, label: String? = nil) {
        self.kind = kind
        self.widthMM = widthMM
        self.heightMM = heightMM
        self.depthMM = depthMM
        self.label = label
    }

    /// The kind for people: its raw value, followed by the source's label in quotes when there is one.
    public var kindDescription: String {
        label.map { "\(kind.rawValue) (“\($0)”)" } ?? kind.rawValue
    }
}

/// An attachment bonded to one tooth for part of the treatment.
public struct Attachment: Hashable, Codable, Sendable {
    public var tooth: ToothID
    public var template: AttachmentTemplate
    /// The template's local frame in the crown's local coordinates (`CrownFrame.localToModel`: y long axis,
    /// z facial, x = y × z): where on the crown it sits and how it is turned, at stage 0.
    public var placement: RigidTransform
    /// Bonded before this stage's aligner (usually 1).
    public var stagePlaced: Int
    /// Removed before this stage's aligner; nil = kept to the end.
    public var stageRemoved: Int?

    public init(tooth: ToothID, template: AttachmentTemplate, placement: RigidTransform,
                stagePlaced: Int, stageRemoved: Int? = nil) {
        self.tooth = tooth
        self.template = template
        self.placement = placement
        self.stagePlaced = stagePlaced
        self.stageRemoved = stageRemoved
    }

    /// Whether the attachment is on the tooth during stage `index`.
    public func isActive(atStage index: Int) -> Bool {
        index >= stagePlaced && (stageRemoved.map { index < $0 } ?? true)
    }
}
