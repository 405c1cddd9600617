import PlanModel

extension ArchRecovery {
    /// A tooth ready for numbering: its stage-0 crown and its pose per stage.
    struct Found {
        var crown: TriangleMesh
        var poses: [Int: RigidTransform]
    }

    /// Numbers the teeth (`override`: the numbers in arch order, patient's right distal first), estimates
    /// crown frames and builds the arch.
    public func finish(teeth override: [ToothID]? = nil) throws(RecoveryError) -> RecoveredArch {
        var issues = self.issues
        var found: [Found] = []
        var gingiva = self.gingiva
        var segmentation = "shells"
        var tracks = self.tracks.map { (stage: $0.stage, tooth: $0.tooth, method: $0.method, rms: $0.rms) }
        if let fused {
            segmentation = "motion"
            if !fused.changedTopology.isEmpty {
                issues.append(RecoveryIssue(.fusedTopologyChanges, measured: Double(fused.changedTopology.count),
                                            message: "teeth and gingiva are one shell and its topology differs from stage 0 at stage(s) \(fused.changedTopology.sorted().map(String.init).joined(separator: ", ")): the staging cannot be recovered; stage counts, units and mesh rules are still checked"))
                gingiva = fused.base
            } else {
                let segments = MotionSegmenter.segment(base: fused.base, stages: fused.stages)
                let split = Self.split(fused.base, segments: segments)
                found = split.teeth
                gingiva = split.gingiva
                for (t, segment) in segments.enumerated() {
                    for (stage, pose) in segment.poses {
                        let points = segment.vertices.map(fused.base.vertex)
                        let target = fused.stages.first { $0.index == stage }.map { s in
                            segment.vertices.map { Vector3(Double(s.positions[3 * $0]), Double(s.positions[3 * $0 + 1]), Double(s.positions[3 * $0 + 2])) }
                        } ?? points
                        tracks.append((stage, t, .correspondence, RigidFit.rms(pose, source: points, target: target)))
                    }
                }
                issues.append(RecoveryIssue(.segmentedByMotion, measured: Double(segments.count),
                                            message: "teeth and gingiva are one shell with the same topology at every stage: \(segments.count) moving tooth/teeth found by their motion; teeth that never move stay with the gingiva"))
            }
        } else {
            found = teeth.indices.map { t in
                var byStage: [Int: RigidTransform] = [:]
                for (stage, list) in poses { if let p = list.indices.contains(t) ? list[t] : nil { byStage[stage] = p } }
                return Found(crown: teeth[t].mesh, poses: byStage)
            }
        }
        let centroids = found.map { CrownFrames.areaCentroid($0.crown) }
        let teethCentre = centroids.isEmpty ? nil : centroids.reduce(.zero, +) / Double(centroids.count)
        let evidence = JawEvidence.from(teethCentroid: teethCentre, gingivaCentroid: gingiva.map(CrownFrames.areaCentroid))
        let convention = Vector3(0, 0, jaw == .upper ? -1 : 1)
        let hint = teethCentre.flatMap { t in gingiva.map { t - CrownFrames.areaCentroid($0) } } ?? convention
        let curve = ArchCurve(centroids: centroids, occlusalHint: hint.dot(convention) == 0 ? convention : hint, jaw: jaw)
        var ids: [ToothID] = []
        var numbering: [NumberingDecision] = []
        var numberedBy = "geometry"
        if found.isEmpty {
            issues.append(RecoveryIssue(.noTeeth, message: "no tooth was found in the \(jaw.rawValue) models: nothing to stage"))
        } else if let override {
            guard override.count == found.count else { throw .overrideCount(given: override.count, found: found.count) }
            var seen = Set<ToothID>()
            for id in override where !seen.insert(id).inserted { throw .overrideDuplicate(id) }
            let order = centroids.indices.sorted { (curve?.arcPosition(centroids[$0]) ?? centroids[$0].x) < (curve?.arcPosition(centroids[$1]) ?? centroids[$1].x) }
            ids = [ToothID](repeating: override[0], count: found.count)
            for (k, i) in order.enumerated() { ids[i] = override[k] }
            numberedBy = "override"
        } else {
            guard let curve else { throw .cannotNumber(teeth: found.count, detail: "fewer than three teeth give no arch curve") }
            guard let result = ArchNumbering.number(jaw: jaw, crowns: found.map(\.crown), centroids: centroids, curve: curve) else {
                throw .cannotNumber(teeth: found.count, detail: "more than 8 teeth on one side of every midline tried")
            }
            ids = result.ids
            numbering = result.decisions
            for m in result.missing {
                issues.append(RecoveryIssue(.missingTooth, tooth: m, message: "a gap in the \(jaw.rawValue) arch as wide as a tooth: tooth \(m) is numbered missing"))
            }
            if !result.uncertain.isEmpty {
                issues.append(RecoveryIssue(.numberingUncertain, measured: Double(result.uncertain.count),
                                            message: "the \(jaw.rawValue) numbering is uncertain: " + result.uncertain.joined(separator: "; ") + "; check it, or give the numbers with --teeth"))
            }
        }
        var arch = buildArch(found: found, ids: ids, centroids: centroids, curve: curve, gingiva: gingiva, hint: hint, missing: issues.filter { $0.code == .missingTooth }.compactMap(\.tooth))
        let recoveredTracks = tracks.map { ToothTrack(stage: $0.stage, tooth: ids.indices.contains($0.tooth) ? ids[$0.tooth] : ToothID.make(1, 1), method: $0.method, rmsResidualMM: $0.rms) }
            .sorted { ($0.stage, $0.tooth) < ($1.stage, $1.tooth) }
        for t in recoveredTracks where t.rmsResidualMM > RecoveryLimits.deformedMM {
            issues.append(RecoveryIssue(.deformed, stage: t.stage, tooth: t.tooth, measured: t.rmsResidualMM,
                                        message: "stage \(t.stage): tooth \(t.tooth)'s shell fits its stage-0 shape with an RMS residual of \(String(format3: t.rmsResidualMM)) mm (over \(RecoveryLimits.deformedMM) mm): the tooth deformed, or it is not the same tooth"))
        }
        let recoveredAttachments = attachments.compactMap { a in
            ids.indices.contains(a.tooth) ? RecoveredAttachment(tooth: ids[a.tooth], firstStage: a.first, lastStage: a.last, solid: a.solid) : nil
        }
        let lastStage = arch.stages.map(\.index).max() ?? 0
        for a in recoveredAttachments {
            let seen = "an attachment-sized solid on tooth \(a.tooth) from stage \(a.firstStage) to \(a.lastStage)"
            guard let frame = arch.tooth(a.tooth)?.frame, let attachment = a.attachment(frame: frame, lastStageOfArch: lastStage) else {
                issues.append(RecoveryIssue(.attachmentFound, stage: a.firstStage, tooth: a.tooth,
                                            message: "\(seen): its extents make no attachment template (over \(AttachmentTemplate.maximumDimensionMM) mm or flat), so it stays in the models only"))
                continue
            }
            arch.attachments.append(attachment)
            let t = attachment.template
            issues.append(RecoveryIssue(.attachmentFound, stage: a.firstStage, tooth: a.tooth,
                                        message: "\(seen): an attachment of unknown kind in the plan, \(String(format2: t.widthMM)) × \(String(format2: t.heightMM)) × \(String(format2: t.depthMM)) mm, bonded before stage \(attachment.stagePlaced), "
                                            + (attachment.stageRemoved.map { "removed before stage \($0)" } ?? "kept to the end") + " (its kind cannot be recovered from a mesh)"))
        }
        arch.attachments.sort { ($0.tooth.archPosition, $0.stagePlaced) < ($1.tooth.archPosition, $1.stagePlaced) }
        return RecoveredArch(arch: arch, segmentation: segmentation, shells: decisions, tracks: recoveredTracks, numberedBy: numberedBy,
                             numbering: numbering, attachments: recoveredAttachments, jawEvidence: evidence, extentMM: extent, issues: issues)
    }

    /// The plan's arch: numbered teeth with frames, missing teeth in gaps, the gingiva and every stage's poses.
    func buildArch(found: [Found], ids: [ToothID], centroids: [Vector3], curve: ArchCurve?, gingiva: TriangleMesh?,
                   hint: Vector3, missing: [ToothID]) -> Arch {
        var teeth: [PlanModel.Tooth] = []
        for (i, f) in found.enumerated() where ids.indices.contains(i) {
            let tangent = curve?.tangent(at: centroids[i]) ?? Vector3.unitX
            let occlusal = curve?.occlusal ?? hint.normalized
            teeth.append(PlanModel.Tooth(id: ids[i], crown: f.crown,
                                         frame: CrownFrames.frame(id: ids[i], crown: f.crown, occlusal: occlusal, rightToLeft: tangent)))
        }
        for m in missing where !teeth.contains(where: { $0.id == m }) {
            // Placed between its neighbours' frames, as a missing tooth has no crown.
            let near = teeth.filter { $0.id.quadrant == m.quadrant && abs($0.id.position - m.position) == 1 }
            let origin = near.isEmpty ? Vector3.zero : near.map(\.frame.origin).reduce(.zero, +) / Double(near.count)
            let frame = near.first.map { CrownFrame(origin: origin, longAxis: $0.frame.longAxis, mesialAxis: $0.frame.mesialAxis, facialAxis: $0.frame.facialAxis) }
                ?? CrownFrame(origin: origin, longAxis: .unitZ, mesialAxis: .unitX, facialAxis: .unitY)
            teeth.append(PlanModel.Tooth(id: m, status: .missing, crown: nil, frame: frame))
        }
        teeth.sort { ($0.id.archPosition, $0.id.fdi) < ($1.id.archPosition, $1.id.fdi) }
        let stageIndices = Set(poses.keys).union(found.flatMap { $0.poses.keys }).sorted()
        let stages = stageIndices.map { s in
            var byTooth: [ToothID: RigidTransform] = [:]
            for (i, f) in found.enumerated() where ids.indices.contains(i) { byTooth[ids[i]] = f.poses[s] ?? .identity }
            return Stage(index: s, poses: byTooth)
        }
        return Arch(jaw: jaw, teeth: teeth, gingiva: gingiva, stages: stages)
    }

    /// A fused model cut into the moving teeth (triangles whose corners all belong to one segment) and the rest.
    static func split(_ base: TriangleMesh, segments: [MotionSegmenter.Segment]) -> (teeth: [Found], gingiva: TriangleMesh?) {
        var owner = [Int](repeating: -1, count: base.vertexCount)
        for (s, segment) in segments.enumerated() { for v in segment.vertices { owner[v] = s } }
        var tris = [[Int]](repeating: [], count: segments.count)
        var rest: [Int] = []
        for t in 0..<base.triangleCount {
            let (a, b, c) = base.triangle(t)
            let o = owner[Int(a)]
            if o >= 0, owner[Int(b)] == o, owner[Int(c)] == o { tris[o].append(t) } else { rest.append(t) }
        }
        let teeth = segments.indices.map { Found(crown: ShellSplitter.extract(base, triangles: tris[$0]), poses: segments[$0].poses.merging([0: .identity]) { a, _ in a }) }
        return (teeth, rest.isEmpty ? nil : ShellSplitter.extract(base, triangles: rest))
    }
}

/// The thresholds of recovery.
public enum RecoveryLimits {
    /// Over this RMS residual (mm) a tooth deformed between stages (the issue's limit).
    public static let deformedMM = 0.05
}

extension String {
    /// `value` with three decimals.
    init(format3 value: Double) {
        let scaled = (value * 1000).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { self = "\(value)"; return }
        let m = abs(Int(scaled))
        let frac = m % 1000
        self = "\(scaled < 0 ? "-" : "")\(m / 1000).\(String(repeating: "0", count: frac < 10 ? 2 : frac < 100 ? 1 : 0))\(frac)"
    }
}
