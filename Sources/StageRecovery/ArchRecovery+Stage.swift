import PlanModel

/// A later stage's model split into shells, classified and checked against every stage-0 tooth — all of
/// `ArchRecovery.add` that needs stage 0 only, so several models can be prepared at once (one per core)
/// and then added in stage order, where each stage is tracked from the nearest stage already added.
/// Only the shells `add` still needs keep their meshes, so a prepared stage waiting its turn is small.
public struct PreparedStage: Sendable {
    /// The stage the model is.
    public let index: Int
    var shells: [Shell] = []
    var classes: [ShellClass] = []
    var touches: [Int: Int] = [:]
    var decisions: [ShellDecision] = []
    /// Tooth-sized shells, in shell order.
    var candidates: [Int] = []
    /// Per candidate, every stage-0 tooth it is a rigidly moved copy of (same triangles, same edges), with
    /// the closed-form fit and its RMS residual.
    var copies: [Int: [(tooth: Int, fit: RigidTransform, rms: Double)]] = [:]
    /// Candidates that copy no tooth: their clouds and shape signatures, for shape matching and ICP.
    var clouds: [Int: PointCloud] = [:]
    var signatures: [Int: [Double]] = [:]
    /// A fused model's largest shell's positions when it has stage 0's topology (nil: it changed).
    var fusedPositions: [Float]?
}

extension ArchRecovery {
    /// Splits, classifies and matches stage `index`'s model against stage 0 (`welded` as for `init`);
    /// reads only stage 0, so it may run on any thread while other stages are being added.
    public func prepare(stage index: Int, mesh: TriangleMesh, welded: Bool = false) -> PreparedStage {
        let model = welded ? mesh : ShellSplitter.weld(mesh)
        let shells = topology?.shells(of: model) ?? ShellSplitter.split(model).shells
        var prepared = PreparedStage(index: index)
        if let fused {
            prepared.fusedPositions = shells.first.flatMap { largest in
                largest.mesh.vertexCount == fused.base.vertexCount && largest.mesh.indices == fused.base.indices ? largest.mesh.positions : nil
            }
            return prepared
        }
        let (classes, touches, decisions) = ShellClassifier.classify(shells, stage: index)
        prepared.classes = classes
        prepared.touches = touches
        prepared.decisions = decisions
        prepared.candidates = shells.indices.filter { prepared.classes[$0] == .tooth }
        for c in prepared.candidates {
            let target = shells[c].mesh
            var points: [Vector3]?
            for t in teeth.indices where ShellTracker.corresponds(teeth[t].mesh, target) {
                let p = points ?? (0..<target.vertexCount).map(target.vertex)
                points = p
                let fit = RigidFit.horn(source: teeth[t].cloud.points, target: p) ?? .identity
                prepared.copies[c, default: []].append((t, fit, RigidFit.rms(fit, source: teeth[t].cloud.points, target: p)))
            }
            if prepared.copies[c] == nil {
                let cloud = PointCloud(target)
                prepared.clouds[c] = cloud
                prepared.signatures[c] = ShellTracker.signature(cloud.points)
            }
        }
        // A candidate that is the only copy of its one tooth is matched by its fit alone: its mesh can go.
        var claims: [Int: Int] = [:]
        for list in prepared.copies.values { for copy in list { claims[copy.tooth, default: 0] += 1 } }
        var kept = shells
        for (c, list) in prepared.copies where list.count == 1 && claims[list[0].tooth] == 1 { kept[c].mesh = .empty }
        for i in kept.indices where prepared.classes[i] != .tooth && prepared.touches[i] == nil { kept[i].mesh = .empty }
        prepared.shells = kept
        return prepared
    }

    /// Tracks and registers a prepared stage: each candidate takes the nearest (to the pose predicted from
    /// the nearest stage already added) stage-0 tooth it copies, the rest are matched by position and
    /// shape and registered by ICP; teeth that appear or vanish are issues. A stage already added is ignored.
    public mutating func add(_ p: PreparedStage) {
        guard p.index != 0, poses[p.index] == nil else { return }
        if fused != nil { addFused(p); return }
        let shells = p.shells
        decisions += p.decisions
        let predicted = prediction(for: p.index)
        var stagePoses = [RigidTransform?](repeating: nil, count: teeth.count)
        var matched: [Int: (tooth: Int, method: MatchMethod)] = [:]
        var fits: [Int: (RigidTransform, Double)] = [:]
        var taken = Set<Int>()
        // Same mesh moved: the untaken tooth it copies nearest its predicted place.
        for c in p.candidates {
            let options = (p.copies[c] ?? []).filter { !taken.contains($0.tooth) }
                .sorted { distance(c, $0.tooth, shells, predicted) < distance(c, $1.tooth, shells, predicted) }
            if let o = options.first {
                matched[c] = (o.tooth, .correspondence)
                fits[c] = (o.fit, o.rms)
                taken.insert(o.tooth)
            }
        }
        let rest = p.candidates.filter { matched[$0] == nil }
        let restClouds = Dictionary(uniqueKeysWithValues: rest.map { ($0, p.clouds[$0] ?? PointCloud(shells[$0].mesh)) })
        let byShape = ShellTracker.assign(
            candidates: rest.map { ($0, shells[$0].centroid, p.signatures[$0] ?? ShellTracker.signature(restClouds[$0]?.points ?? [])) },
            teeth: teeth.indices.filter { !taken.contains($0) }.map { ($0, (predicted[$0] ?? .identity).apply(to: teeth[$0].centroid), teeth[$0].signature) })
        for (c, t) in byShape { matched[c] = (t, .positionAndShape) }
        for (c, m) in matched.sorted(by: { $0.key < $1.key }) {
            let tooth = teeth[m.tooth]
            let fit: (RigidTransform, Double)
            if m.method == .correspondence, let known = fits[c] {
                fit = known
            } else {
                let cloud = restClouds[c] ?? PointCloud(shells[c].mesh)
                let guess = predicted[m.tooth] ?? .identity
                // From the centroid offset: the predicted rotation, the centroids made to coincide.
                let start = RigidTransform(rotation: guess.rotation, translation: cloud.centroid - guess.rotation.rotate(tooth.centroid))
                let result = ICP().register(source: tooth.cloud, target: cloud, tree: KDTreeIndex(cloud), initial: start)
                fit = (result.transform, result.rmsResidual)
            }
            stagePoses[m.tooth] = fit.0
            tracks.append((p.index, m.tooth, m.method, fit.1))
        }
        for c in p.candidates where matched[c] == nil {
            issues.append(RecoveryIssue(.toothAppears, stage: p.index, message: "stage \(p.index): tooth-sized shell \(c) (\(String(format2: shells[c].extent)) mm) matches no stage-0 tooth (a pontic or a new crown?) and was left out"))
        }
        for t in teeth.indices where stagePoses[t] == nil {
            stagePoses[t] = predicted[t]
            issues.append(RecoveryIssue(.toothVanishes, stage: p.index, message: "stage \(p.index): stage-0 tooth shell \(teeth[t].shell) was not found (an extraction?); its pose from the nearest stage is kept"))
        }
        poses[p.index] = stagePoses
        let tooth = Dictionary(uniqueKeysWithValues: matched.map { ($0.key, $0.value.tooth) })
        recordAttachments(stage: p.index, shells: shells, touches: p.touches, toothOf: { tooth[$0] }, poses: stagePoses)
        let others = p.classes.count { $0 == .other }
        if others > 0 {
            issues.append(RecoveryIssue(.otherShell, stage: p.index, measured: Double(others),
                                        message: "\(others) shell(s) of the stage-\(p.index) model are neither tooth, gingiva nor attachment and were left out"))
        }
    }

    mutating func addFused(_ p: PreparedStage) {
        guard var model = fused else { return }
        if let positions = p.fusedPositions { model.stages.append((p.index, positions)) } else { model.changedTopology.append(p.index) }
        poses[p.index] = []
        fused = model
    }
}
