import PlanModel
import StageRecovery

/// The geometry side of intake (FORMAT.md, "Poses"): a step's object is the step-0 object moved by its
/// pose, so the pose can be checked against the meshes, and recovered from them, with StageRecovery's
/// registration — Horn's closed form where the two meshes have the same vertices, ICP where they do not.
enum PoseGeometry {
    /// How far (mm) a mesh may stray from the posed step-0 mesh before the pose is reported: well above
    /// Float coordinates and 3-decimal frames (≈ 0.003 mm over a 50 mm arch), well below a clinical step.
    static let tolerance = 0.05

    /// The pose taking `stage0` onto `target`, and its RMS residual (mm); nil for empty meshes.
    static func register(_ stage0: TriangleMesh, onto target: TriangleMesh) -> (pose: RigidTransform, rmsMM: Double)? {
        guard stage0.vertexCount >= 3, target.vertexCount >= 3 else { return nil }
        if stage0.vertexCount == target.vertexCount {
            let source = (0..<stage0.vertexCount).map(stage0.vertex), points = (0..<target.vertexCount).map(target.vertex)
            guard let pose = RigidFit.horn(source: source, target: points) else { return nil }
            return (pose, RigidFit.rms(pose, source: source, target: points))
        }
        let source = PointCloud(stage0), cloud = PointCloud(target)
        let start = RigidTransform(translation: cloud.centroid - source.centroid)
        let result = ICP().register(source: source, target: cloud, tree: KDTreeIndex(cloud), initial: start)
        return (result.transform, result.rmsResidual)
    }

    /// How far (mm) `target` lies from `stage0` moved by `pose`: the largest vertex distance where the meshes
    /// share their vertices, else how far the registered pose moves any vertex compared with `pose`.
    static func deviation(_ stage0: TriangleMesh, _ target: TriangleMesh, pose: RigidTransform) -> Double {
        if stage0.vertexCount == target.vertexCount {
            var worst = 0.0
            for v in 0..<stage0.vertexCount { worst = max(worst, (pose.apply(to: stage0.vertex(v)) - target.vertex(v)).length) }
            return worst
        }
        guard let fit = register(stage0, onto: target) else { return .infinity }
        var worst = 0.0
        for v in 0..<stage0.vertexCount {
            let p = stage0.vertex(v)
            worst = max(worst, (pose.apply(to: p) - fit.pose.apply(to: p)).length)
        }
        return worst
    }
}
