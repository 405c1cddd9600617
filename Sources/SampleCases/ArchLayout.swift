import PlanModel

/// One tooth of the ideal (treatment-goal) arrangement.
struct IdealTooth: Sendable {
    let id: ToothID
    let anatomy: ToothAnatomy
    /// The crown frame at the goal position, model coordinates.
    let frame: CrownFrame
    /// Arc length of the crown centre along the arch from the midline (patient's right negative).
    let arc: Double
}

/// The ideal arrangement of one arch: 14 crowns on the arch form, contacts touching, around the occlusal plane.
///
/// Model coordinates (mm, right-handed, DICOM patient "LPS" axes): x towards the patient's left,
/// y posterior (the incisors have negative y), z superior; the occlusal plane is z = 0 and the midsagittal
/// plane x = 0; y = 0 passes through the distal contacts of the upper second molars.
struct ArchLayout: Sendable {
    let jaw: Jaw
    let form: ArchForm
    /// Model y of the arch form's end line (a = 0); the curve's point (x, a) is at model y = endY − a.
    let endY: Double
    /// Along the arch, patient's right distal → left distal.
    let teeth: [IdealTooth]

    /// The teeth the sample has: permanent, without third molars.
    static func toothIDs(_ jaw: Jaw) -> [ToothID] { ToothID.alongArch(jaw).filter { $0.position <= 7 } }

    /// Lays out both arches; tooth sizes and arch width vary a little with the seed.
    static func both(seed: UInt64) -> (upper: ArchLayout, lower: ArchLayout) {
        var rng = SplitMix64(seed: seed, stream: 1)
        let widthDelta = rng.uniform(-0.6...0.6)
        var anatomy: [Jaw: [ToothAnatomy]] = [:]
        for jaw in [Jaw.upper, .lower] {
            anatomy[jaw] = (1...7).map { ToothAnatomy.average(jaw, position: $0).scaled(by: rng.uniform(0.97...1.03)) }
        }
        let upperForm = ArchForm(halfWidth: 24.0 + widthDelta, exponent: 3.2,
                                 widths: (anatomy[.upper] ?? []).map(\.mesiodistal))
        let lowerForm = ArchForm(halfWidth: 23.0 + widthDelta, exponent: 3.2,
                                 widths: (anatomy[.lower] ?? []).map(\.mesiodistal))
        // The lower incisor contact sits 5.5 mm behind the upper one: room for both incisor crowns plus a
        // normal overjet, so the overlapping incisors of the two arches do not intersect.
        let lowerEndY = lowerForm.depth - upperForm.depth + 5.5
        return (ArchLayout(jaw: .upper, form: upperForm, endY: 0, anatomy: anatomy[.upper] ?? []),
                ArchLayout(jaw: .lower, form: lowerForm, endY: lowerEndY, anatomy: anatomy[.lower] ?? []))
    }

    private init(jaw: Jaw, form: ArchForm, endY: Double, anatomy: [ToothAnatomy]) {
        self.jaw = jaw
        self.form = form
        self.endY = endY
        let occlusal = jaw == .upper ? -1.0 : 1.0  // the long axis points at the occlusal plane
        teeth = Self.toothIDs(jaw).map { id in
            let k = id.position - 1
            let side = id.isRight ? -1.0 : 1.0
            let tooth = anatomy[k]
            let mesial = form.contacts[k], distal = form.contacts[k + 1]
            // Mesial along the chord towards the midline; facial = the walking direction turned +90° (outwards).
            let (mx, ma) = Self.unit(mesial.x - distal.x, mesial.a - distal.a)
            let (fx, fa) = (ma, -mx)
            let centreZ = -occlusal * (tooth.crownHeight / 2 - tooth.occlusalReach)
            let frame = CrownFrame(
                origin: Vector3(side * (mesial.x + distal.x) / 2, endY - (mesial.a + distal.a) / 2, centreZ),
                longAxis: Vector3(0, 0, occlusal),
                mesialAxis: Vector3(side * mx, -ma, 0),
                facialAxis: Vector3(side * fx, -fa, 0))
            return IdealTooth(id: id, anatomy: tooth, frame: frame, arc: side * (mesial.arc + distal.arc) / 2)
        }
    }

    private static func unit(_ x: Double, _ y: Double) -> (Double, Double) {
        let n = (x * x + y * y).squareRoot()
        return n > 0 ? (x / n, y / n) : (1, 0)
    }
}
