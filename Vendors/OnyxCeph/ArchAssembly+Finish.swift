import MeshIO
import PlanModel
import StageRecovery
import VendorKit

extension ArchAssembly {
    /// Builds the arch from the steps added, which must be 0…`last` (every one given).
    mutating func finish(last: Int) throws(VendorError) -> Arch {
        let missing = (0...max(0, last)).first { reduced[$0] == nil }
        guard let base, missing == nil else {
            let step = base == nil ? 0 : missing ?? 0
            throw .malformed(vendor: OnyxCephFormat.vendor, file: OnyxCephFormat.modelName(step: step, jaw: jaw),
                             detail: step == 0 ? "missing: every arch starts at step 0" : "missing: the \(jaw.rawValue) arch has steps up to \(last), every one needs its model")
        }
        var steps = (0...max(0, last)).compactMap { reduced[$0] }
        // Stage-0 frames: step 0's table, else a later table moved back by the registered pose, else estimated.
        var frame0 = base.tableFrames
        var estimated: [ToothID] = []
        for id in base.ids where frame0[id] == nil {
            if let k = steps.indices.first(where: { steps[$0].deferred[id] != nil }), let (t, mesh) = steps[k].deferred[id],
               let crown = base.crowns[id], let fit = PoseGeometry.register(crown, onto: mesh) {
                frame0[id] = fit.pose.inverse.composed(with: t)
            } else {
                estimated.append(id)
            }
        }
        if !steps[0].hasInfo && hasTables {
            findings.append(Finding(OnyxCephFormat.Code.poseRecovered, .warning, at: FindingLocation(arch: jaw, stage: 0, file: base.infoFile),
                                    message: "\(base.infoFile) is missing: the \(jaw.rawValue) arch's stage-0 frames were taken from later Info tables moved back by the poses registered from the geometry; missing teeth lost their frames.",
                                    remedy: "Export the case again with its Info tables."))
        }
        let rows0 = Self.byName(base.info)
        var teeth: [Tooth] = []
        for id in base.ids {
            let crown = base.crowns[id] ?? TriangleMesh()
            let frame = frame0[id].map { Self.crownFrame($0, id: id) }
                ?? CrownFrames.frame(id: id, crown: crown, occlusal: Vector3(0, 0, jaw == .upper ? -1 : 1), rightToLeft: Vector3(1, 0, 0))
            teeth.append(Tooth(id: id, status: Self.status(rows0[ObjectName.tooth(id)]?.first?.type), crown: crown, frame: frame))
        }
        if !estimated.isEmpty && hasTables {
            findings.append(Finding(OnyxCephFormat.Code.framesEstimated, .note, at: FindingLocation(arch: jaw, file: base.infoFile),
                                    message: "No Info table gives the frame of tooth(s) \(estimated.map(\.description).joined(separator: ", ")) (\(base.infoFile) and later tables): estimated from the crowns.",
                                    remedy: "Review those crown frames before staging movements."))
        }
        // Missing teeth: Info rows of type "Missing" (our writer's, with the frame), then gaps in the arch.
        var listed = Set(base.ids)
        for entry in base.info?.entries ?? [] where entry.type.lowercased() == "missing" {
            guard case let .tooth(id, false) = ObjectName(entry.name), id.jaw == jaw, !listed.contains(id) else { continue }
            teeth.append(Tooth(id: id, status: .missing, crown: nil, frame: entry.frame.localToModel.map { Self.crownFrame($0, id: id) } ?? Self.placeholderFrame))
            listed.insert(id)
        }
        for id in MissingTeeth.inferred(present: listed) where !listed.contains(id) {
            teeth.append(Tooth(id: id, status: .missing, crown: nil, frame: Self.placeholderFrame))
        }
        teeth.sort { ($0.id.archPosition, $0.id.fdi) < ($1.id.archPosition, $1.id.fdi) }
        // The deferred table frames, now that every stage-0 frame is known.
        let localToModel0 = Dictionary(uniqueKeysWithValues: teeth.filter { $0.crown != nil }.map { ($0.id, $0.frame.localToModel) })
        var stages: [Stage] = []
        for k in steps.indices {
            for id in base.ids {
                guard let (t, mesh) = steps[k].deferred[id], let l0 = localToModel0[id] else { continue }
                let pose = t.composed(with: l0.inverse)
                steps[k].poses[id] = pose
                let d = PoseGeometry.deviation(base.crowns[id] ?? TriangleMesh(), mesh, pose: pose)
                if d > PoseGeometry.tolerance { steps[k].strayed.append((id, d)) }
            }
            steps[k].deferred = [:]
            steps[k].strayed.sort { ($0.0.archPosition, $0.0.fdi) < ($1.0.archPosition, $1.0.fdi) }
            report(steps[k], stage0: base.file)
            stages.append(Stage(index: k, poses: k == 0 ? Dictionary(uniqueKeysWithValues: base.ids.map { ($0, RigidTransform.identity) }) : steps[k].poses))
        }
        var arch = Arch(jaw: jaw, teeth: teeth, gingiva: base.gingiva, stages: stages)
        arch.attachments = try attachments(steps, arch: arch)
        return arch
    }

    /// Findings for one step's recovered and strayed poses.
    private mutating func report(_ step: Reduced, stage0: String) {
        if !step.recovered.isEmpty && hasTables {
            let why = step.hasInfo ? "\(step.infoFile) has no usable row for them" : "\(step.infoFile) is missing"
            findings.append(Finding(OnyxCephFormat.Code.poseRecovered, .warning, at: FindingLocation(arch: jaw, stage: step.index, file: step.infoFile),
                                    message: "Step \(step.index), \(jaw.rawValue) arch: \(why); the pose of tooth(s) \(step.recovered.map(\.description).joined(separator: ", ")) was recovered from the geometry of \(step.file).",
                                    remedy: "Check those poses, or export the case again with its Info tables."))
        }
        if !step.strayed.isEmpty {
            let worst = step.strayed.map(\.1).max() ?? 0
            findings.append(Finding(OnyxCephFormat.Code.poseGeometryMismatch, .warning, at: FindingLocation(arch: jaw, stage: step.index, file: step.file),
                                    measured: worst, limit: PoseGeometry.tolerance, unit: "mm",
                                    message: "Step \(step.index): tooth(s) \(step.strayed.map { "\($0.0) (\(TabText.decimal($0.1, digits: 3)) mm)" }.joined(separator: ", ")) in \(step.file) are not their \(stage0) object moved by the pose in \(step.infoFile); the table's poses are kept.",
                                    remedy: "Re-export the case from the planning software; the models and the Info table disagree."))
        }
    }
}
