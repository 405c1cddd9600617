/// What a plan was derived from, when aligngate (not the planner) produced it: `aligngate restage`
/// records the source revision, the target system and the margin (plan.json's `derivation`).
public struct PlanDerivation: Hashable, Codable, Sendable {
    /// The source plan's revision hash (PlanPackage's `PlanRevision.hash`).
    public var sourceRevision: String
    /// The vendor id the plan was restaged for.
    public var target: String
    /// Every sub-step is at most this share of the target's limit.
    public var margin: Double
    /// Aligners per arch of the source ("upper", "lower").
    public var sourceAligners: [String: Int]

    public init(sourceRevision: String, target: String, margin: Double, sourceAligners: [String: Int]) {
        self.sourceRevision = sourceRevision
        self.target = target
        self.margin = margin
        self.sourceAligners = sourceAligners
    }
}
