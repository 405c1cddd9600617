/// What sample case to generate. The same options and seed always give the same plan.
public struct SampleOptions: Hashable, Sendable {
    public var stages: Int?
    public var trianglesPerTooth: Int?
    public var seed: UInt64

    public init(stages: Int? = nil, trianglesPerTooth: Int? = nil, seed: UInt64 = 1) {
        self.stages = stages
        self.trianglesPerTooth = trianglesPerTooth
        self.seed = seed
    }
}
