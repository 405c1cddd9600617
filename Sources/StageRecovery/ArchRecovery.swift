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

    struct FusedModel: Sendable {
        var base: TriangleMesh
        var stages: [(index: Int, positions: [Float])] = []
        var changedTopology: [Int] = []
    }

    /// Starts with the stage-0 model of `jaw`.
    public init(jaw: Jaw, stage0 mesh: TriangleMesh) {
        self.jaw = jaw
        let shells = ShellSplitter.shells(mesh)
        extent = mesh.boundingBox.map { max($0.size.x, $0.size.y) } ?? 0
        let (classes, touches, decisions) = ShellClassifier.classify(shells, stage: 0)
        self.decisions = decisions
        for (i, shell) in shells.enumerated() where classes[i] == .tooth {
            let cloud = PointCloud(shell.mesh)
            teeth.append(Tooth(shell: i, mesh: shell.mesh, cloud: cloud, signature: ShellTracker.signature(cloud.points)))
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

    /// Tracks and registers the teeth of stage `index`'s model.
    public mutating func add(stage index: Int, mesh: TriangleMesh) {
        guard index != 0, poses[index] == nil else { return }
        if fused != nil { addFused(index, mesh); return }
        let shells = ShellSplitter.shells(mesh)
        let (classes, touches, decisions) = ShellClassifier.classify(shells, stage: index)
        self.decisions += decisions
        let predicted = prediction(for: index)
        var stagePoses = [RigidTransform?](repeating: nil, count: teeth.count)
        let candidates = shells.indices.filter { classes[$0] == .tooth }
        var matched: [Int: (tooth: Int, method: MatchMethod)] = [:]
        var taken = Set<Int>()
        // Same mesh moved: the candidate with identical topology and edges nearest its predicted place.
        for c in candidates {
            let options = teeth.indices.filter { !taken.contains($0) && teeth[$0].mesh.indices == shells[c].mesh.indices }
                .sorted { distance(c, $0, shells, predicted) < distance(c, $1, shells, predicted) }
            if let t = options.first(where: { ShellTracker.corresponds(teeth[$0].mesh, shells[c].mesh) }) {
                matched[c] = (t, .correspondence)
                taken.insert(t)
            }
        }
        let rest = candidates.filter { matched[$0] == nil }
        let restClouds = Dictionary(uniqueKeysWithValues: rest.map { ($0, PointCloud(shells[$0].mesh)) })
        let byShape = ShellTracker.assign(
            candidates: rest.map { ($0, shells[$0].centroid, ShellTracker.signature(restClouds[$0]?.points ?? [])) },
            teeth: teeth.indices.filter { !taken.contains($0) }.map { ($0, (predicted[$0] ?? .identity).apply(to: teeth[$0].cloud.centroid), teeth[$0].signature) })
        for (c, t) in byShape { matched[c] = (t, .positionAndShape) }
        for (c, m) in matched.sorted(by: { $0.key < $1.key }) {
            let tooth = teeth[m.tooth]
            let target = shells[c].mesh
            let fit: (RigidTransform, Double)
            if m.method == .correspondence {
                let points = (0..<target.vertexCount).map(target.vertex)
                let t = RigidFit.horn(source: tooth.cloud.points, target: points) ?? .identity
                fit = (t, RigidFit.rms(t, source: tooth.cloud.points, target: points))
            } else {
                let cloud = restClouds[c] ?? PointCloud(target)
                let guess = predicted[m.tooth] ?? .identity
                // From the centroid offset: the predicted rotation, the centroids made to coincide.
                let start = RigidTransform(rotation: guess.rotation, translation: cloud.centroid - guess.rotation.rotate(tooth.cloud.centroid))
                let result = ICP().register(source: tooth.cloud, target: cloud, tree: KDTreeIndex(cloud), initial: start)
                fit = (result.transform, result.rmsResidual)
            }
            stagePoses[m.tooth] = fit.0
            tracks.append((index, m.tooth, m.method, fit.1))
        }
        for c in candidates where matched[c] == nil {
            issues.append(RecoveryIssue(.toothAppears, stage: index, message: "stage \(index): tooth-sized shell \(c) (\(String(format2: shells[c].extent)) mm) matches no stage-0 tooth (a pontic or a new crown?) and was left out"))
        }
        for t in teeth.indices where stagePoses[t] == nil {
            stagePoses[t] = predicted[t]
            issues.append(RecoveryIssue(.toothVanishes, stage: index, message: "stage \(index): stage-0 tooth shell \(teeth[t].shell) was not found (an extraction?); its pose from the nearest stage is kept"))
        }
        poses[index] = stagePoses
        let tooth = Dictionary(uniqueKeysWithValues: matched.map { ($0.key, $0.value.tooth) })
        recordAttachments(stage: index, shells: shells, touches: touches, toothOf: { tooth[$0] }, poses: stagePoses)
        let others = classes.count { $0 == .other }
        if others > 0 {
            issues.append(RecoveryIssue(.otherShell, stage: index, measured: Double(others),
                                        message: "\(others) shell(s) of the stage-\(index) model are neither tooth, gingiva nor attachment and were left out"))
        }
    }

    /// Poses of the nearest stage already added (stage 0 at the start).
    func prediction(for index: Int) -> [Int: RigidTransform] {
        let nearest = poses.keys.min { (abs($0 - index), $0) < (abs($1 - index), $1) } ?? 0
        var result: [Int: RigidTransform] = [:]
        for (t, pose) in (poses[nearest] ?? []).enumerated() { result[t] = pose ?? .identity }
        return result
    }

    func distance(_ shell: Int, _ tooth: Int, _ shells: [Shell], _ predicted: [Int: RigidTransform]) -> Double {
        ((predicted[tooth] ?? .identity).apply(to: teeth[tooth].cloud.centroid) - shells[shell].centroid).length
    }

    mutating func addFused(_ index: Int, _ mesh: TriangleMesh) {
        guard var model = fused else { return }
        let shells = ShellSplitter.shells(mesh)
        if let largest = shells.first, largest.mesh.vertexCount == model.base.vertexCount, largest.mesh.indices == model.base.indices {
            model.stages.append((index, largest.mesh.positions))
        } else {
            model.changedTopology.append(index)
        }
        poses[index] = []
        fused = model
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
