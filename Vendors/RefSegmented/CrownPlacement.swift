import PlanModel

/// The cross-check that binds a crown PLY to its tooth (FORMAT.md, "Intake" 2): case.xml carries no hash
/// per mesh, but it does carry each tooth's stage-0 crown frame, whose origin is the crown's centre. A
/// crown that does not enclose that origin — measured along the frame's own three axes, so the arch's
/// curve does not matter — is another tooth's crown (a swapped or misnamed file), whatever its size.
enum CrownPlacement {
    /// How far (mm) the origin may lie outside the crown's extent: room for a centre placed on the crown's
    /// surface by another tool, far below the half crown width (≥ 2.5 mm) that separates neighbours.
    static let tolerance = 1.0

    /// Why `crown` cannot be the crown `frame` describes, or nil when it encloses the frame's origin.
    static func mismatch(_ crown: TriangleMesh, _ frame: CrownFrame) -> String? {
        guard crown.positions.count >= 3 else { return nil }
        let axes: [(String, Vector3)] = [("mesial", frame.mesialAxis), ("facial", frame.facialAxis), ("long", frame.longAxis)]
        var low = [Double](repeating: .infinity, count: 3), high = [Double](repeating: -.infinity, count: 3)
        var i = 0
        while i + 2 < crown.positions.count {
            let p = Vector3(Double(crown.positions[i]), Double(crown.positions[i + 1]), Double(crown.positions[i + 2])) - frame.origin
            for (k, axis) in axes.enumerated() {
                let d = p.dot(axis.1)
                low[k] = min(low[k], d)
                high[k] = max(high[k], d)
            }
            i += 3
        }
        for (k, axis) in axes.enumerated() {
            let outside = max(low[k], -high[k])  // > 0: the origin (0 here) lies outside [low, high]
            if outside > tolerance {
                return "the crown lies \(rounded(outside)) mm away from the tooth's frame origin along its \(axis.0) axis "
                    + "(case.xml puts the crown's centre there, so this is another tooth's crown)"
            }
        }
        return nil
    }

    private static func rounded(_ v: Double) -> String { String(Double((v * 10).rounded()) / 10) }
}
