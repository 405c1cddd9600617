import PlanModel

/// Recovers one arch's staging from its stage models, one model at a time (only stage 0's teeth and the
/// poses are kept, never every model): `init` with stage 0, `add` each later stage, then `finish`.
/// Each stage is tracked from the nearest stage already added, so add them in stage order when you can.
public struct ArchRecovery: Sendable {
    /// A stage-0 tooth shell.
    struct Tooth: Sendable {
        var shell: Int
        var mesh: TriangleMesh
        var cloud: PointCloud
        /// The cloud's centroid (tracking asks for it per candidate).
        var centroid: Vector3
        var signature: [Double]
    }

    /// The jaw the arch is numbered as (set it before `finish` when the geometry says otherwise).
    public var jaw: Jaw
    var teeth: [Tooth] = []
    var gingiva: TriangleMesh?
    /// Pose of each stage-0 tooth per stage (nil where the tooth was not found).
    var poses: [Int: [RigidTransform?]] = [:]
    var tracks: [(stage: Int, tooth: Int, method: MatchMethod, rms: Double)] = []
    var decisions: [ShellDecision] = []
    var issues: [RecoveryIssue] = []
    var attachments: [(tooth: Int, first: Int, last: Int, solid: TriangleMesh, centre: Vector3)] = []
    /// Set when stage 0 is one arch-sized shell and no tooth: teeth must come from motion.
    var fused: FusedModel?
    var extent: Double
    /// Stage 0's split, reused for every later model with the same triangles.
    var topology: ModelTopology?

    struct FusedModel: Sendable {
        var base: TriangleMesh
        var stages: [(index: Int, positions: [Float])] = []
        var changedTopology: [Int] = []
    }

    /// Starts with the stage-0 model of `jaw`; `welded`: no two of its vertices share a position (as
    /// `STLCodec.decode` returns a model), so the weld is skipped.
    public init(jaw: Jaw, stage0 mesh: TriangleMesh, welded: Bool = false) {
        self.jaw = jaw
        let (shells, topology) = ShellSplitter.split(welded ? mesh : ShellSplitter.weld(mesh))
        self.topology = topology
        extent = mesh.boundingBox.map { max($0.size.x, $0.size.y) } ?? 0
        let (classes, touches, decisions) = ShellClassifier.classify(shells, stage: 0)
        self.decisions = decisions
        for (i, shell) in shells.enumerated() where classes[i] == .tooth {
            let cloud = PointCloud(shell.mesh)
            teeth.append(Tooth(shell: i, mesh: shell.mesh, cloud: cloud, centroid: cloud.centroid, signature: ShellTracker.signature(cloud.points)))
        }
        let gums = shells.indices.filter { classes[$0] == .gingiva }
        if teeth.isEmpty, gums.count == 1 {
            fused = FusedModel(base: shells[gums[0]].mesh)
        } else if !gums.isEmpty {
            var g = TriangleMesh()
            for i in gums { g.append(shells[i].mesh) }
            gingiva = g
        }
        poses[0] = teeth.map { _ in RigidTransform.identity }
        let toothShells = teeth.map(\.shell)
        recordAttachments(stage: 0, shells: shells, touches: touches, toothOf: { toothShells.firstIndex(of: $0) }, poses: teeth.map { _ in .identity })
        let others = classes.count { $0 == .other }
        if others > 0 {
            issues.append(RecoveryIssue(.otherShell, stage: 0, measured: Double(others),
                                        message: "\(others) shell(s) of the stage-0 model are neither tooth, gingiva nor attachment and were left out"))
        }
    }

    /// Which jaw stage 0's geometry says this is (crowns against gingiva), before numbering.
    public func jawEvidence() -> JawEvidence {
        let centroids = teeth.map { CrownFrames.areaCentroid($0.mesh) }
        return JawEvidence.from(teethCentroid: centroids.isEmpty ? nil : centroids.reduce(.zero, +) / Double(centroids.count),
                                gingivaCentroid: gingiva.map(CrownFrames.areaCentroid))
    }

    /// The stages added so far, stage 0 included.
    public var stages: [Int] { poses.keys.sorted() }

    /// Tracks and registers the teeth of stage `index`'s model (`prepare`, then `add` the result);
    /// `welded` as for `init`.
    public mutating func add(stage index: Int, mesh: TriangleMesh, welded: Bool = false) {
        guard index != 0, poses[index] == nil else { return }
        add(prepare(stage: index, mesh: mesh, welded: welded))
    }

    /// Poses of the nearest stage already added (stage 0 at the start).
    func prediction(for index: Int) -> [Int: RigidTransform] {
        let nearest = poses.keys.min { (abs($0 - index), $0) < (abs($1 - index), $1) } ?? 0
        var result: [Int: RigidTransform] = [:]
        for (t, pose) in (poses[nearest] ?? []).enumerated() { result[t] = pose ?? .identity }
        return result
    }

    func distance(_ shell: Int, _ tooth: Int, _ shells: [Shell], _ predicted: [Int: RigidTransform]) -> Double {
        ((predicted[tooth] ?? .identity).apply(to: teeth[tooth].centroid) - shells[shell].centroid).length
    }

    /// Attachments of one stage: each solid moved back to its tooth's stage-0 position, merged with the
    /// same solid seen at other stages.
    mutating func recordAttachments(stage: Int, shells: [Shell], touches: [Int: Int], toothOf: (Int) -> Int?, poses: [RigidTransform?]) {
        for (a, shellIndex) in touches.sorted(by: { $0.key < $1.key }) {
            guard let t = toothOf(shellIndex), let pose = poses.indices.contains(t) ? poses[t] : nil else { continue }
            let solid = shells[a].mesh.transformed(by: pose.inverse)
            let centre = pose.inverse.apply(to: shells[a].centroid)
            if let k = attachments.firstIndex(where: { $0.tooth == t && ($0.centre - centre).length < 1 }) {
                attachments[k].first = min(attachments[k].first, stage)
                attachments[k].last = max(attachments[k].last, stage)
            } else {
                attachments.append((t, stage, stage, solid, centre))
            }
        }
    }
}
