import Gateway
import PlanModel
import VendorKit

/// Issue 14's figures: the compatibility matrix of every exporting system (priced restage remedies and the
/// collision checkpoint included) and the collision checkpoint alone, on the bench case.
public struct MatrixTiming: Sendable, Codable, Hashable {
    /// Systems in the matrix, and how many of them got a priced restage remedy.
    public var vendors: Int
    public var pricedVendors: Int
    /// `CompatibilityMatrix.check` of every system with nothing remembered from an earlier check (the median run).
    public var matrixSeconds: Double
    public var matrixCPUSeconds: Double
    /// `RestagePrice.of` for every system in the matrix, whatever its verdict: what pricing would add if
    /// every system's step limits were exceeded (the matrix prices only those whose are; the median run).
    public var pricingSeconds: Double
    /// `ArchCollisions.overlaps`: every contact of every stage, crown hierarchies built included (the median run).
    public var collisionSeconds: Double
    public var collisionCPUSeconds: Double
    /// Neighbouring crowned teeth (both arches), stages measured (both arches, stage 0 included) and the
    /// contact-stages measured (each is one overlap depth).
    public var contacts: Int
    public var stages: Int
    public var contactStages: Int
    /// The largest covering radius of any crown's triangles (`CrownOverlap.samplingBound`, mm): how far the
    /// vertex measure can fall short of the deepest surface point's depth.
    public var samplingBoundMM: Double
    /// Runs of each measurement; the figures are the median run's.
    public var repeats: Int
    public var matrixTargetSeconds: Double
    public var collisionTargetSeconds: Double

    public var matrixMeetsTarget: Bool { matrixSeconds < matrixTargetSeconds }
    public var collisionMeetsTarget: Bool { collisionSeconds <= collisionTargetSeconds }
}

/// Times the matrix and the collision checkpoint (each run cold: the rule library's remembered
/// measurements are forgotten first, so no run profits from an export's check or an earlier run).
public enum MatrixBench {
    /// The targets: the all-system matrix under 1 s, every contact of every stage within 2 s.
    public static let matrixTarget = 1.0
    public static let collisionTarget = 2.0

    /// Measures `plan` `repeats` times (at least once).
    public static func measure(_ plan: TreatmentPlan, registry: Registry, repeats: Int = 3) throws -> MatrixTiming {
        let runs = max(1, repeats)
        var matrix: [(seconds: Double, cpu: Double)] = [], collisions: [(seconds: Double, cpu: Double)] = []
        var pricing: [(seconds: Double, cpu: Double)] = []
        let descriptors = registry.adapters.map(\.descriptor).filter { $0.direction.exports }
        var rows: [CompatibilityMatrix.Row] = []
        var overlaps: [[ContactOverlap]] = []
        // The arches the checkpoint measures (as `stage.collision` does: movable teeth, more than stage 0).
        let measured = plan.arches.filter { !$0.movableTeeth.isEmpty && $0.stages.count > 1 }
        for _ in 0..<runs {
            RuleLibrary.forgetMeasurements()
            let (m, seconds, cpu) = try Stopwatch.timeWithCPU { try CompatibilityMatrix.check(plan, registry: registry) }
            matrix.append((seconds, cpu))
            rows = m.rows
            let (o, cSeconds, cCPU) = Stopwatch.timeWithCPU { ArchCollisions.overlaps(measured) }
            collisions.append((cSeconds, cCPU))
            overlaps = o
            let (_, pSeconds, pCPU) = Stopwatch.timeWithCPU { descriptors.map { RestagePrice.of(plan, for: $0) } }
            pricing.append((pSeconds, pCPU))
        }
        RuleLibrary.forgetMeasurements()
        let bound = measured.flatMap(\.teeth).compactMap { CrownCollider($0) }.map { CrownOverlap.samplingBound($0) }.max() ?? 0
        let m = median(matrix), c = median(collisions)
        return MatrixTiming(vendors: rows.count, pricedVendors: rows.filter { $0.restage != nil }.count,
                            matrixSeconds: m.seconds, matrixCPUSeconds: m.cpu, pricingSeconds: median(pricing).seconds,
                            collisionSeconds: c.seconds, collisionCPUSeconds: c.cpu,
                            contacts: measured.map { ArchCollisions.contacts($0).count }.reduce(0, +),
                            stages: measured.map(\.stages.count).reduce(0, +), contactStages: overlaps.map(\.count).reduce(0, +),
                            samplingBoundMM: bound,
                            repeats: runs, matrixTargetSeconds: matrixTarget, collisionTargetSeconds: collisionTarget)
    }

    /// The run of median wall time (the upper median for an even count).
    static func median(_ runs: [(seconds: Double, cpu: Double)]) -> (seconds: Double, cpu: Double) {
        let sorted = runs.sorted { $0.seconds < $1.seconds }
        return sorted[sorted.count / 2]
    }
}
