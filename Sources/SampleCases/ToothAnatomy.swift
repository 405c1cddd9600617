import PlanModel

/// Average crown dimensions of one permanent tooth type, in mm.
///
/// Mesial–distal widths are the usual published averages (e.g. Wheeler's tables: upper 8.5, 6.5, 7.5, 7.0,
/// 6.5, 10.0, 9.0; lower 5.0, 5.5, 7.0, 7.0, 7.0, 11.0, 10.5); buccolingual depths and cervico-occlusal
/// crown heights are of the same origin, rounded.
struct ToothAnatomy: Hashable, Sendable {
    /// Width along the arch (contact to contact).
    var mesiodistal: Double
    /// Depth across the arch (facial to lingual).
    var buccolingual: Double
    /// Cervical line to incisal edge / cusp tip.
    var crownHeight: Double
    /// How far the incisal edge / cusp tips reach past the occlusal plane towards the other jaw: incisors
    /// overlap (overbite), posterior cusps stop just short of it.
    var occlusalReach: Double

    /// The table value for tooth `position` (1…7) of `jaw`.
    static func average(_ jaw: Jaw, position: Int) -> ToothAnatomy {
        let i = max(1, min(7, position)) - 1
        let reach = [1.0, 0.8, 0.4, -0.1, -0.2, -0.3, -0.3][i]
        switch jaw {
        case .upper:
            return ToothAnatomy(mesiodistal: [8.5, 6.5, 7.5, 7.0, 6.5, 10.0, 9.0][i],
                                buccolingual: [7.0, 6.0, 8.0, 9.0, 9.0, 11.0, 10.5][i],
                                crownHeight: [10.5, 9.0, 10.0, 8.5, 8.0, 7.5, 7.0][i], occlusalReach: reach)
        case .lower:
            return ToothAnatomy(mesiodistal: [5.0, 5.5, 7.0, 7.0, 7.0, 11.0, 10.5][i],
                                buccolingual: [6.0, 6.0, 7.5, 7.5, 8.0, 10.5, 10.0][i],
                                crownHeight: [9.0, 9.5, 11.0, 8.5, 8.0, 7.5, 7.0][i], occlusalReach: reach)
        }
    }

    /// This tooth type scaled (one seeded factor per type, the same on both sides: teeth are near-symmetric).
    func scaled(by factor: Double) -> ToothAnatomy {
        ToothAnatomy(mesiodistal: mesiodistal * factor, buccolingual: buccolingual * factor,
                     crownHeight: crownHeight * factor, occlusalReach: occlusalReach)
    }
}
