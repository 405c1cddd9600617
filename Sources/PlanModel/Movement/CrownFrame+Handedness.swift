extension CrownFrame {
    /// Whether (mesial, long, facial) is a right-handed triple (mesial × long points facially).
    ///
    /// With anatomical axes in right-handed model coordinates this holds in quadrants 2, 4, 6, 8 and not
    /// in 1, 3, 5, 7: the two sides of a jaw are mirror images. Movements use it so a positive tip, torque
    /// or rotation means the same clinical movement on both sides (see `ToothMovement`).
    public var isRightHanded: Bool { mesialAxis.cross(longAxis).dot(facialAxis) > 0 }
}
