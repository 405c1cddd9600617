/// One stage of an arch: the pose of every moving tooth relative to stage 0.
public struct Stage: Hashable, Sendable {
    /// 0 = initial; then 1, 2, … without gaps (validation checks).
    public var index: Int
    /// Pose per tooth: the rigid motion taking the stage-0 crown to this stage, in model coordinates.
    public var poses: [ToothID: RigidTransform]
    /// A passive aligner: holds this arch while the other still moves.
    public var isPassive: Bool
    /// An overcorrection stage (only on the doctor's order).
    public var isOvercorrection: Bool

    public init(index: Int, poses: [ToothID: RigidTransform] = [:], isPassive: Bool = false,
                isOvercorrection: Bool = false) {
        self.index = index
        self.poses = poses
        self.isPassive = isPassive
        self.isOvercorrection = isOvercorrection
    }
}

/// Interproximal reduction at one contact.
public struct IPREvent: Hashable, Codable, Sendable {
    public var contact: ToothContact
    /// Enamel removed at the contact, in mm (both surfaces together).
    public var amountMM: Double
    /// Done before the patient starts wearing this stage's aligner.
    public var beforeStage: Int

    public init(contact: ToothContact, amountMM: Double, beforeStage: Int) {
        self.contact = contact
        self.amountMM = amountMM
        self.beforeStage = beforeStage
    }
}

extension IPREvent {
    /// Arch order (patient's right first), then stage and amount: how tables and summaries list IPR.
    public static func inArchOrder(_ a: IPREvent, _ b: IPREvent) -> Bool {
        (a.contact.first.archPosition, a.contact.second.archPosition, a.contact.first.fdi, a.contact.second.fdi,
         a.beforeStage, a.amountMM)
            < (b.contact.first.archPosition, b.contact.second.archPosition, b.contact.first.fdi, b.contact.second.fdi,
               b.beforeStage, b.amountMM)
    }
}

/// The contact between two teeth, stored in arch order (patient's right first).
public struct ToothContact: Hashable, Codable, Sendable, CustomStringConvertible {
    public let first: ToothID
    public let second: ToothID

    public init(_ a: ToothID, _ b: ToothID) {
        // FDI order breaks a tie (a primary tooth and its successor share a place) so (a, b) == (b, a).
        let inOrder = (a.archPosition, a.fdi) <= (b.archPosition, b.fdi)
        (first, second) = inOrder ? (a, b) : (b, a)
    }

    private enum CodingKeys: String, CodingKey { case first, second }

    /// Decodes through `init(_:_:)` so a contact written in either order reads back in arch order.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(ToothID.self, forKey: .first), try c.decode(ToothID.self, forKey: .second))
    }

    public var description: String { "\(first)-\(second)" }
}
