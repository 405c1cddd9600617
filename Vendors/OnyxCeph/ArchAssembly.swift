import Foundation
import MeshIO
import PlanModel
import StageRecovery
import VendorKit

/// One arch from its step models and Info tables (FORMAT.md, "Intake"): crowns, gingiva and attachments
/// from the objects; crown frames and poses from the Info tables, each pose checked against the geometry
/// and recovered from it where the table or its row is missing or unusable.
struct ArchAssembly {
    /// One step of the arch: its model's objects (model coordinates) and the step's Info table.
    struct Step {
        var index: Int
        var file: String
        var objects: [OBJObject]
        var info: InfoTable?
        /// The Info file the step should have (named in findings when it is missing).
        var infoFile: String
    }

    let jaw: Jaw
    let steps: [Step]
    /// Whether the layout has Info tables (the older generation has none: poses come from geometry, silently).
    let hasTables: Bool
    var findings: [Finding] = []

    init(jaw: Jaw, steps: [Step], hasTables: Bool = true) {
        self.jaw = jaw
        self.steps = steps.sorted { $0.index < $1.index }
        self.hasTables = hasTables
    }

    /// Info entries of a step by name, each name's entries in table order.
    private static func byName(_ info: InfoTable?) -> [String: [InfoTable.Entry]] {
        Dictionary(grouping: info?.entries ?? [], by: { $0.name.trimmingCharacters(in: .whitespaces) })
    }

    /// The teeth of one step model by id (a `(Copy)` only where the original is absent), its gingiva and its
    /// attachments in file order.
    private mutating func parts(_ step: Step) -> (teeth: [ToothID: OBJObject], gingiva: OBJObject?, attachments: [(ToothID, String, OBJObject)]) {
        var teeth: [ToothID: OBJObject] = [:], copies: [ToothID: OBJObject] = [:]
        var gingiva: OBJObject?
        var attachments: [(ToothID, String, OBJObject)] = []
        for object in step.objects {
            switch ObjectName(object.name) {
            case let .tooth(id, copy) where id.jaw == jaw:
                if copy { copies[id] = copies[id] ?? object } else if teeth[id] == nil { teeth[id] = object }
            case let .attachment(id, type) where id.jaw == jaw: attachments.append((id, type, object))
            case let .gingiva(j) where j == jaw: gingiva = gingiva ?? object
            default: continue
            }
        }
        for (id, copy) in copies.sorted(by: { $0.key < $1.key }) {
            let alone = teeth[id] == nil
            if alone { teeth[id] = copy }
            if step.index == 0 {
                findings.append(Finding(OnyxCephFormat.Code.copyObject, .note, at: FindingLocation(arch: jaw, tooth: id, file: step.file),
                                        message: "\(step.file) line \(copy.line): \"\(copy.name)\" " + (alone ? "is the only object of tooth \(id) and was read as it." : "was ignored beside \"Tooth \(id.fdi)\"."),
                                        remedy: "None needed; check tooth \(id) if the planner duplicated it on purpose."))
            }
        }
        return (teeth, gingiva, attachments)
    }

    /// Builds the arch.
    mutating func arch() throws(VendorError) -> Arch {
        guard let first = steps.first, first.index == 0 else {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: OnyxCephFormat.modelName(step: 0, jaw: jaw), detail: "missing: every arch starts at step 0")
        }
        let stepParts = steps.map { parts($0) }
        let base = stepParts[0]
        guard !base.teeth.isEmpty else {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: first.file, detail: "has no \"Tooth NN\" object of the \(jaw.rawValue) arch")
        }
        let ids = base.teeth.keys.sorted { ($0.archPosition, $0.fdi) < ($1.archPosition, $1.fdi) }
        let crowns = base.teeth.mapValues(\.mesh)
        // Local → model frames from the tables, per step and tooth (nil: missing or unusable row).
        var frames: [[ToothID: RigidTransform]] = []
        for (k, step) in steps.enumerated() {
            let rows = Self.byName(step.info)
            var f: [ToothID: RigidTransform] = [:]
            for id in ids {
                guard stepParts[k].teeth[id] != nil else {
                    throw .malformed(vendor: OnyxCephFormat.vendor, file: step.file, detail: "has no object \"Tooth \(id.fdi)\", which step 0 has")
                }
                let name = stepParts[k].teeth[id]?.name.trimmingCharacters(in: .whitespaces) ?? ObjectName.tooth(id)
                if let t = (rows[name] ?? rows[ObjectName.tooth(id)])?.first?.frame.localToModel { f[id] = t }
            }
            frames.append(f)
        }
        // Stage-0 frames: step 0's table, else a later table moved back by the registered pose, else estimated.
        var frame0: [ToothID: RigidTransform] = [:]
        var estimated: [ToothID] = []
        for id in ids {
            if let t = frames[0][id] { frame0[id] = t; continue }
            if let k = frames.indices.first(where: { frames[$0][id] != nil }), let t = frames[k][id], let crown = crowns[id],
               let mesh = stepParts[k].teeth[id]?.mesh, let fit = PoseGeometry.register(crown, onto: mesh) {
                frame0[id] = fit.pose.inverse.composed(with: t)
            } else {
                estimated.append(id)
            }
        }
        if first.info == nil && hasTables {
            findings.append(Finding(OnyxCephFormat.Code.poseRecovered, .warning, at: FindingLocation(arch: jaw, stage: 0, file: first.infoFile),
                                    message: "\(first.infoFile) is missing: the \(jaw.rawValue) arch's stage-0 frames were taken from later Info tables moved back by the poses registered from the geometry; missing teeth lost their frames.",
                                    remedy: "Export the case again with its Info tables."))
        }
        var teeth: [Tooth] = []
        for id in ids {
            let crown = crowns[id] ?? TriangleMesh()
            let frame = frame0[id].map { Self.crownFrame($0, id: id) }
                ?? CrownFrames.frame(id: id, crown: crown, occlusal: Vector3(0, 0, jaw == .upper ? -1 : 1), rightToLeft: Vector3(1, 0, 0))
            teeth.append(Tooth(id: id, status: Self.status(Self.byName(first.info)[ObjectName.tooth(id)]?.first?.type), crown: crown, frame: frame))
        }
        if !estimated.isEmpty && hasTables {
            findings.append(Finding(OnyxCephFormat.Code.framesEstimated, .note, at: FindingLocation(arch: jaw, file: first.infoFile),
                                    message: "No Info table gives the frame of tooth(s) \(estimated.map(\.description).joined(separator: ", ")) (\(first.infoFile) and later tables): estimated from the crowns.",
                                    remedy: "Review those crown frames before staging movements."))
        }
        // Missing teeth: Info rows of type "Missing" (our writer's, with the frame), then gaps in the arch.
        var listed = Set(ids)
        for entry in first.info?.entries ?? [] where entry.type.lowercased() == "missing" {
            guard case let .tooth(id, false) = ObjectName(entry.name), id.jaw == jaw, !listed.contains(id) else { continue }
            teeth.append(Tooth(id: id, status: .missing, crown: nil, frame: entry.frame.localToModel.map { Self.crownFrame($0, id: id) } ?? Self.placeholderFrame))
            listed.insert(id)
        }
        for id in MissingTeeth.inferred(present: listed) where !listed.contains(id) {
            teeth.append(Tooth(id: id, status: .missing, crown: nil, frame: Self.placeholderFrame))
        }
        teeth.sort { ($0.id.archPosition, $0.id.fdi) < ($1.id.archPosition, $1.id.fdi) }
        let localToModel0 = Dictionary(uniqueKeysWithValues: teeth.filter { $0.crown != nil }.map { ($0.id, $0.frame.localToModel) })
        var stages: [Stage] = []
        for (k, step) in steps.enumerated() {
            var poses: [ToothID: RigidTransform] = [:]
            var recovered: [ToothID] = [], strayed: [(ToothID, Double)] = []
            for id in ids {
                guard step.index > 0 else { poses[id] = .identity; continue }
                let crown = crowns[id] ?? TriangleMesh(), mesh = stepParts[k].teeth[id]?.mesh ?? TriangleMesh()
                if let t = frames[k][id], let l0 = localToModel0[id] {
                    let pose = t.composed(with: l0.inverse)
                    poses[id] = pose
                    let d = PoseGeometry.deviation(crown, mesh, pose: pose)
                    if d > PoseGeometry.tolerance { strayed.append((id, d)) }
                } else if let fit = PoseGeometry.register(crown, onto: mesh) {
                    poses[id] = fit.pose
                    recovered.append(id)
                } else {
                    throw .malformed(vendor: OnyxCephFormat.vendor, file: step.file, detail: "tooth \(id): no pose in \(step.infoFile) and too few vertices to register")
                }
            }
            report(step, recovered: recovered, strayed: strayed, stage0: first.file)
            stages.append(Stage(index: step.index, poses: poses))
        }
        var arch = Arch(jaw: jaw, teeth: teeth, gingiva: base.gingiva?.mesh, stages: stages)
        arch.attachments = try attachments(stepParts.map(\.attachments), arch: arch)
        return arch
    }

    /// Findings for one step's recovered and strayed poses.
    private mutating func report(_ step: Step, recovered: [ToothID], strayed: [(ToothID, Double)], stage0: String) {
        if !recovered.isEmpty && hasTables {
            let why = step.info == nil ? "\(step.infoFile) is missing" : "\(step.infoFile) has no usable row for them"
            findings.append(Finding(OnyxCephFormat.Code.poseRecovered, .warning, at: FindingLocation(arch: jaw, stage: step.index, file: step.infoFile),
                                    message: "Step \(step.index), \(jaw.rawValue) arch: \(why); the pose of tooth(s) \(recovered.map(\.description).joined(separator: ", ")) was recovered from the geometry of \(step.file).",
                                    remedy: "Check those poses, or export the case again with its Info tables."))
        }
        if !strayed.isEmpty {
            let worst = strayed.map(\.1).max() ?? 0
            findings.append(Finding(OnyxCephFormat.Code.poseGeometryMismatch, .warning, at: FindingLocation(arch: jaw, stage: step.index, file: step.file),
                                    measured: worst, limit: PoseGeometry.tolerance, unit: "mm",
                                    message: "Step \(step.index): tooth(s) \(strayed.map { "\($0.0) (\(TabText.decimal($0.1, digits: 3)) mm)" }.joined(separator: ", ")) in \(step.file) are not their \(stage0) object moved by the pose in \(step.infoFile); the table's poses are kept.",
                                    remedy: "Re-export the case from the planning software; the models and the Info table disagree."))
        }
    }

    /// A crown frame from its local → model transform: y the long axis, z the facial axis, x mesial in
    /// quadrants 2, 4, 6, 8 and distal in 1, 3, 5, 7 (PlanModel's `CrownFrame.localToModel`).
    static func crownFrame(_ t: RigidTransform, id: ToothID) -> CrownFrame {
        let (x, y, z) = t.rotation.columns
        return CrownFrame(origin: t.translation, longAxis: y, mesialAxis: id.quadrant % 2 == 0 ? x : -x, facialAxis: z)
    }

    /// A crowned tooth's status from its Info type: `Implant`, `Pontic`, else present.
    static func status(_ type: String?) -> ToothStatus {
        switch type?.lowercased() {
        case "implant": .implant
        case "pontic": .pontic
        default: .present
        }
    }

    /// The frame a missing tooth carries (it has no crown to measure).
    static let placeholderFrame = CrownFrame(origin: .zero, longAxis: Vector3(0, 0, 1), mesialAxis: Vector3(1, 0, 0), facialAxis: Vector3(0, 1, 0))
}
