import Foundation

/// The length unit a mesh's numbers are most likely in, judged from its size against dental anatomy:
/// a tooth is about 5–12 mm across and an arch about 40–80 mm.
public enum UnitGuess: String, Sendable, Codable, CaseIterable {
    case millimetres, metres, inches, unknown

    /// Plausible largest extents, in file units, for a tooth-to-jaw-model object in each unit.
    static let millimetreRange = 4.0...150.0
    static let metreRange = 0.004..<0.15
    static let inchRange = 0.15..<4.0

    /// The guess for a mesh whose largest bounding-box edge is `largestExtent` file units, with the reasoning.
    public static func guess(largestExtent e: Double) -> (guess: UnitGuess, reasoning: String) {
        let size = String(format: "%.4g", e)
        guard e.isFinite, e > 0 else { return (.unknown, "the mesh has no measurable extent") }
        if millimetreRange.contains(e) {
            return (.millimetres, "largest extent \(size) units: as millimetres that is tooth-to-jaw-model sized "
                + "(a tooth is 5–12 mm, an arch 40–80 mm)")
        }
        if metreRange.contains(e) {
            return (.metres, "largest extent \(size) units: far smaller than a tooth in millimetres; as metres it is "
                + String(format: "%.3g", e * 1000) + " mm, tooth-to-arch sized")
        }
        if inchRange.contains(e) {
            return (.inches, "largest extent \(size) units: smaller than a tooth in millimetres; as inches it is "
                + String(format: "%.3g", e * 25.4) + " mm, tooth-to-arch sized")
        }
        if e < metreRange.lowerBound {
            return (.unknown, "largest extent \(size) units: too small for a tooth in millimetres, metres or inches")
        }
        return (.unknown, "largest extent \(size) units: larger than a dental model in millimetres (over 150 mm)")
    }
}
