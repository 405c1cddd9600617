/// What sample case to generate. The same options always give the same plan, bit for bit.
public struct SampleOptions: Hashable, Sendable {
    /// A named starting point; `stages` and `trianglesPerTooth` override its values.
    public enum Preset: String, Hashable, Sendable, CaseIterable {
        /// 28 upper / 26 lower aligners, ~200k triangles per arch.
        case `default`
        /// The fixed benchmark workload: 40 aligners per arch, ~170k triangles per arch.
        case reference
    }

    /// Where unset values come from.
    public var preset: Preset
    /// Aligners of the upper arch (1…200); nil = the preset's. From 10 on the lower arch finishes two
    /// stages earlier (the reference preset pads it with two passive aligners to the same count).
    public var stages: Int?
    /// Triangles of each crown mesh (200…50 000); nil = the preset's. The gingiva gets about two crowns' worth.
    public var trianglesPerTooth: Int?
    /// Picks the tooth sizes, arch width, crowding, IPR contacts and case identifiers.
    public var seed: UInt64

    public init(preset: Preset = .default, stages: Int? = nil, trianglesPerTooth: Int? = nil, seed: UInt64 = 1) {
        self.preset = preset
        self.stages = stages
        self.trianglesPerTooth = trianglesPerTooth
        self.seed = seed
    }

    /// The benchmark preset: 40 aligners on each arch, ~170k triangles per arch, seed 1.
    public static let reference = SampleOptions(preset: .reference)

    /// Allowed aligner counts.
    public static let allowedStages: ClosedRange<Int> = 1...200
    /// Allowed crown mesh sizes.
    public static let allowedTrianglesPerTooth: ClosedRange<Int> = 200...50_000

    /// The upper arch's aligner count after applying the preset.
    public var resolvedStages: Int { stages ?? preset.stages }
    /// The crown mesh size after applying the preset.
    public var resolvedTrianglesPerTooth: Int { trianglesPerTooth ?? preset.trianglesPerTooth }

    /// Checks the ranges.
    public func validated() throws(SampleError) -> SampleOptions {
        let stages = resolvedStages, triangles = resolvedTrianglesPerTooth
        guard Self.allowedStages.contains(stages) else {
            throw .stagesOutOfRange(stages, allowed: Self.allowedStages)
        }
        guard Self.allowedTrianglesPerTooth.contains(triangles) else {
            throw .trianglesPerToothOutOfRange(triangles, allowed: Self.allowedTrianglesPerTooth)
        }
        return self
    }
}

extension SampleOptions.Preset {
    /// Upper-arch aligners.
    var stages: Int {
        switch self {
        case .default: 28
        case .reference: 40
        }
    }

    /// Chosen so an arch (14 crowns + gingiva ≈ 16 crowns' worth) has ~200k (default) or ~170k triangles.
    var trianglesPerTooth: Int {
        switch self {
        case .default: 12_500
        case .reference: 10_600
        }
    }

    /// Whether the lower arch, which finishes earlier, is padded with passive aligners to the upper's count
    /// (the benchmark wants the same number of stage models on both arches).
    var padsLowerWithPassiveStages: Bool { self == .reference }
}
