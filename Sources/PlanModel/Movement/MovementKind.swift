/// The six components a tooth movement is reported in: three translations of the crown centre (mm)
/// and three rotations about the crown frame's axes (degrees).
public enum MovementKind: String, CaseIterable, Codable, Sendable {
    case mesialDistal, buccalLingual, extrusionIntrusion, tip, torque, rotation

    /// "mm" for translations, "°" for rotations.
    public var unit: String { isLinear ? "mm" : "°" }

    /// Whether the component is a translation (mm) rather than a rotation (degrees).
    public var isLinear: Bool {
        switch self {
        case .mesialDistal, .buccalLingual, .extrusionIntrusion: true
        case .tip, .torque, .rotation: false
        }
    }

    /// The clinical name, e.g. "mesial/distal", for reports.
    public var title: String {
        switch self {
        case .mesialDistal: "mesial/distal"
        case .buccalLingual: "buccal/lingual"
        case .extrusionIntrusion: "extrusion/intrusion"
        case .tip: "tip"
        case .torque: "torque"
        case .rotation: "rotation"
        }
    }
}
