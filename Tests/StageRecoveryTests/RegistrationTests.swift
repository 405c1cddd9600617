import PlanModel
@testable import SampleCases
@testable import StageRecovery
import Testing

@Suite struct RegistrationTests {
    static func randomPoints(_ n: Int, seed: UInt64) -> [Vector3] {
        var rng = SplitMix64(seed: seed, stream: 41)
        return (0..<n).map { _ in Vector3(rng.signed(0...5), rng.signed(0...4), rng.signed(0...3)) }
    }

    @Test func hornRecoversAKnownMotionExactly() throws {
        let source = Self.randomPoints(50, seed: 1)
        let motion = RigidTransform(rotation: Quaternion(axis: Vector3(0.3, -1, 0.2), degrees: 37), translation: Vector3(4, -2, 9))
        let target = source.map(motion.apply)
        let fit = try #require(RigidFit.horn(source: source, target: target))
        #expect(fit.maxDifference(to: motion) < 1e-9)
        #expect(RigidFit.rms(fit, source: source, target: target) < 1e-9)
        #expect(RigidFit.horn(source: Array(source.prefix(2)), target: Array(target.prefix(2))) == nil)
    }

    @Test func hornNeverReturnsAReflection() throws {
        let source = Self.randomPoints(20, seed: 2)
        let mirrored = source.map { Vector3(-$0.x, $0.y, $0.z) }
        let fit = try #require(RigidFit.horn(source: source, target: mirrored))
        #expect(fit.rotation.isUnit())
        #expect(RigidFit.rms(fit, source: source, target: mirrored) > 0.5)
    }

    @Test func icpRegistersACrownWithoutCorrespondence() throws {
        let plan = try RecoveryFixtures.plan(stages: 1)
        let crown = try #require(plan.arches[0].teeth[3].crown)
        let motion = RigidTransform(rotation: Quaternion(axis: Vector3(0.2, 0.1, 1), degrees: 4), translation: Vector3(0.4, -0.3, 0.2))
        let target = PointCloud(RecoveryFixtures.shuffled(crown.transformed(by: motion), seed: 5))
        let source = PointCloud(crown)
        let start = RigidTransform(translation: target.centroid - source.centroid)
        let result = ICP().register(source: source, target: target, tree: KDTreeIndex(target), initial: start)
        #expect(result.transform.maxDifference(to: motion) < 1e-4)
        #expect(result.rmsResidual < 1e-4)
    }

    @Test func kdTreeFindsTheNearestPoint() {
        let points = Self.randomPoints(500, seed: 3)
        let tree = KDTree(points)
        for q in Self.randomPoints(50, seed: 4) {
            let brute = points.indices.min { (points[$0] - q).length < (points[$1] - q).length }
            #expect(tree.nearest(q)?.index == brute)
        }
    }

    @Test func eigenDecompositionOfASymmetricMatrix() {
        let m: [[Double]] = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 1]]
        let (values, vectors) = SymmetricEigen.decompose(m)
        for (k, v) in vectors.enumerated() {
            for r in 0..<3 {
                let mv = (0..<3).reduce(0.0) { $0 + m[r][$1] * v[$1] }
                #expect(abs(mv - values[k] * v[r]) < 1e-12)
            }
        }
        #expect(values == values.sorted(by: >))
    }
}
