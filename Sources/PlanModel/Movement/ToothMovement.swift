/// One tooth's movement decomposed in its crown frame (mm and degrees).
///
/// Translations are those of the crown frame's origin (the crown centre), projected on the frame's axes:
/// - `mesialDistalMM`: + = mesial (along the arch towards the midline), − = distal;
/// - `buccalLingualMM`: + = buccal/labial (facial, out of the arch), − = lingual/palatal;
/// - `extrusionIntrusionMM`: + = extrusion (crown out of the socket, towards the occlusal plane:
///   downwards on the upper jaw, upwards on the lower), − = intrusion.
///
/// Rotations are the rotation vector's components on the crown frame's axes (see `Movements`), signed so
/// that a positive value means the same clinical movement on every tooth, on either side of the jaw:
/// - `tipDegrees` (about the facial axis): + = mesial crown tip (the crown tips towards the midline);
/// - `torqueDegrees` (about the mesial axis): + = facial (labial/buccal) crown torque, root lingual;
/// - `rotationDegrees` (about the long axis): + = mesial-in (the mesial surface turns lingually).
///
/// The anatomical axes (mesial, long, facial) form a right-handed triple in quadrants 2, 4, 6, 8 and a
/// left-handed one in 1, 3, 5, 7 (`CrownFrame.isRightHanded`): the sides are mirror images. In a
/// right-handed frame tip is the negated right-hand-rule angle about the facial axis and torque and
/// rotation are the right-hand-rule angles; in a left-handed frame all three signs flip.
public struct ToothMovement: Hashable, Codable, Sendable {
    /// + mesial, − distal (mm).
    public var mesialDistalMM: Double
    /// + buccal/labial, − lingual/palatal (mm).
    public var buccalLingualMM: Double
    /// + extrusion, − intrusion (mm).
    public var extrusionIntrusionMM: Double
    /// Right-hand rule about the facial axis (degrees).
    public var tipDegrees: Double
    /// Right-hand rule about the mesial axis (degrees).
    public var torqueDegrees: Double
    /// Right-hand rule about the long axis (degrees).
    public var rotationDegrees: Double

    public init(mesialDistalMM: Double = 0, buccalLingualMM: Double = 0, extrusionIntrusionMM: Double = 0,
                tipDegrees: Double = 0, torqueDegrees: Double = 0, rotationDegrees: Double = 0) {
        self.mesialDistalMM = mesialDistalMM
        self.buccalLingualMM = buccalLingualMM
        self.extrusionIntrusionMM = extrusionIntrusionMM
        self.tipDegrees = tipDegrees
        self.torqueDegrees = torqueDegrees
        self.rotationDegrees = rotationDegrees
    }

    /// No movement.
    public static let zero = ToothMovement()

    /// The component of `kind` (mm or degrees).
    public subscript(kind: MovementKind) -> Double {
        get {
            switch kind {
            case .mesialDistal: mesialDistalMM
            case .buccalLingual: buccalLingualMM
            case .extrusionIntrusion: extrusionIntrusionMM
            case .tip: tipDegrees
            case .torque: torqueDegrees
            case .rotation: rotationDegrees
            }
        }
        set {
            switch kind {
            case .mesialDistal: mesialDistalMM = newValue
            case .buccalLingual: buccalLingualMM = newValue
            case .extrusionIntrusion: extrusionIntrusionMM = newValue
            case .tip: tipDegrees = newValue
            case .torque: torqueDegrees = newValue
            case .rotation: rotationDegrees = newValue
            }
        }
    }

    /// The component of `kind` (mm or degrees).
    public func value(of kind: MovementKind) -> Double { self[kind] }

    /// Every component replaced by its absolute value.
    public var magnitudes: ToothMovement { map(abs) }

    /// The component-wise sum.
    public static func + (a: ToothMovement, b: ToothMovement) -> ToothMovement {
        var out = a
        for kind in MovementKind.allCases { out[kind] += b[kind] }
        return out
    }

    /// Length of the translation (mm).
    public var distanceMM: Double {
        (mesialDistalMM * mesialDistalMM + buccalLingualMM * buccalLingualMM
            + extrusionIntrusionMM * extrusionIntrusionMM).squareRoot()
    }

    /// Angle of the whole rotation (degrees): the length of the rotation vector.
    public var angleDegrees: Double {
        (tipDegrees * tipDegrees + torqueDegrees * torqueDegrees + rotationDegrees * rotationDegrees).squareRoot()
    }

    /// Every component transformed by `f`.
    func map(_ f: (Double) -> Double) -> ToothMovement {
        var out = self
        for kind in MovementKind.allCases { out[kind] = f(self[kind]) }
        return out
    }
}
