import Foundation
import MeshIO
import PlanModel
import StageRecovery
import VendorKit

/// One arch from its step models and Info tables (FORMAT.md, "Intake"), one step at a time: `add` each
/// step's model (with its Info table), then `finish`. Only what the plan needs is kept between steps —
/// step 0's crowns and gingiva, each later step's poses, its attachments' small solids — so memory does
/// not grow with the models. Crown frames and poses come from the Info tables, each pose checked against
/// the geometry and recovered from it where the table or its row is missing or unusable.
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

    /// Step 0: the teeth (a `(Copy)` only where the original is absent), their crowns and table frames.
    struct Base {
        var file: String
        var info: InfoTable?
        var infoFile: String
        var ids: [ToothID]
        var crowns: [ToothID: TriangleMesh]
        var gingiva: TriangleMesh?
        /// Local → model frames of step 0's table, and the crown frames' own transforms made from them.
        var tableFrames: [ToothID: RigidTransform]
        var localToModel0: [ToothID: RigidTransform]
    }

    /// An `NN: <type>` object of one step: its solid and the frame of its Info row (the k-th object of a
    /// name is the k-th row of that name), nil where the row is missing or unusable.
    struct StepAttachment {
        var tooth: ToothID
        var type: String
        var name: String
        var mesh: TriangleMesh
        var rowFrame: RigidTransform?
    }

    /// What one step leaves once its model is dropped.
    struct Reduced {
        var index: Int
        var file: String
        var infoFile: String
        var hasInfo: Bool
        /// Poses from the table (checked against the geometry) or registered from the geometry.
        var poses: [ToothID: RigidTransform] = [:]
        /// Table frames of teeth step 0's table has no frame for, with their mesh: resolved in `finish`,
        /// once the tooth's stage-0 frame is known from its first such step.
        var deferred: [ToothID: (frame: RigidTransform, mesh: TriangleMesh)] = [:]
        var recovered: [ToothID] = []
        var strayed: [(ToothID, Double)] = []
        var attachments: [StepAttachment] = []
    }

    let jaw: Jaw
    /// Whether the layout has Info tables (the older generation has none: poses come from geometry, silently).
    let hasTables: Bool
    var findings: [Finding] = []
    private(set) var base: Base?
    /// Later steps given before step 0, reduced once it arrives.
    private var waiting: [Step] = []
    var reduced: [Int: Reduced] = [:]

    init(jaw: Jaw, hasTables: Bool = true) {
        self.jaw = jaw
        self.hasTables = hasTables
    }

    /// Takes one step's model; its objects are reduced at once (after step 0's, which may come later).
    mutating func add(_ step: Step) throws(VendorError) {
        guard reduced[step.index] == nil, !waiting.contains(where: { $0.index == step.index }) else {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: step.file, detail: "a second model of step \(step.index) of the \(jaw.rawValue) arch")
        }
        if step.index == 0 {
            try start(step)
            let later = waiting
            waiting = []
            for s in later { try reduce(s) }
        } else if base == nil {
            waiting.append(step)
        } else {
            try reduce(step)
        }
    }

    /// Info entries of a step by name, each name's entries in table order.
    static func byName(_ info: InfoTable?) -> [String: [InfoTable.Entry]] {
        Dictionary(grouping: info?.entries ?? [], by: { $0.name.trimmingCharacters(in: .whitespaces) })
    }

    /// The teeth of one step model by id (a `(Copy)` only where the original is absent), its gingiva and its
    /// attachments in file order; `copyFindings` for step 0.
    private mutating func parts(_ step: Step, copyFindings: Bool) -> (teeth: [ToothID: OBJObject], gingiva: OBJObject?, attachments: [(ToothID, String, OBJObject)]) {
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
            if copyFindings {
                findings.append(Finding(OnyxCephFormat.Code.copyObject, .note, at: FindingLocation(arch: jaw, tooth: id, file: step.file),
                                        message: "\(step.file) line \(copy.line): \"\(copy.name)\" " + (alone ? "is the only object of tooth \(id) and was read as it." : "was ignored beside \"Tooth \(id.fdi)\"."),
                                        remedy: "None needed; check tooth \(id) if the planner duplicated it on purpose."))
            }
        }
        return (teeth, gingiva, attachments)
    }

    /// Step 0: the teeth, crowns, gingiva and table frames every later step is measured against.
    private mutating func start(_ step: Step) throws(VendorError) {
        let p = parts(step, copyFindings: true)
        guard !p.teeth.isEmpty else {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: step.file, detail: "has no \"Tooth NN\" object of the \(jaw.rawValue) arch")
        }
        let ids = p.teeth.keys.sorted { ($0.archPosition, $0.fdi) < ($1.archPosition, $1.fdi) }
        let frames = Self.tableFrames(step, ids: ids, teeth: p.teeth)
        base = Base(file: step.file, info: step.info, infoFile: step.infoFile, ids: ids, crowns: p.teeth.mapValues(\.mesh),
                    gingiva: p.gingiva?.mesh, tableFrames: frames,
                    localToModel0: frames.reduce(into: [:]) { $0[$1.key] = Self.crownFrame($1.value, id: $1.key).localToModel })
        var r = Reduced(index: 0, file: step.file, infoFile: step.infoFile, hasInfo: step.info != nil)
        r.attachments = Self.attachments(p.attachments, info: step.info)
        reduced[0] = r
    }

    /// The table's local → model frame of each tooth (nil: missing or unusable row).
    private static func tableFrames(_ step: Step, ids: [ToothID], teeth: [ToothID: OBJObject]) -> [ToothID: RigidTransform] {
        let rows = byName(step.info)
        var f: [ToothID: RigidTransform] = [:]
        for id in ids {
            let name = teeth[id]?.name.trimmingCharacters(in: .whitespaces) ?? ObjectName.tooth(id)
            if let t = (rows[name] ?? rows[ObjectName.tooth(id)])?.first?.frame.localToModel { f[id] = t }
        }
        return f
    }

    /// A step's attachments with the frames of their rows.
    private static func attachments(_ list: [(ToothID, String, OBJObject)], info: InfoTable?) -> [StepAttachment] {
        let rows = byName(info)
        var seen: [String: Int] = [:]
        return list.map { tooth, type, object in
            let name = object.name.trimmingCharacters(in: .whitespaces)
            let k = seen[name, default: 0]
            seen[name] = k + 1
            let named = rows[name] ?? []
            return StepAttachment(tooth: tooth, type: type, name: name, mesh: object.mesh, rowFrame: k < named.count ? named[k].frame.localToModel : nil)
        }
    }

    /// A later step: each tooth's pose from the table, checked against the geometry, or registered from it.
    private mutating func reduce(_ step: Step) throws(VendorError) {
        guard let base else { return }
        let p = parts(step, copyFindings: false)
        for id in base.ids where p.teeth[id] == nil {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: step.file, detail: "has no object \"Tooth \(id.fdi)\", which step 0 has")
        }
        let frames = Self.tableFrames(step, ids: base.ids, teeth: p.teeth)
        var r = Reduced(index: step.index, file: step.file, infoFile: step.infoFile, hasInfo: step.info != nil)
        for id in base.ids {
            let crown = base.crowns[id] ?? TriangleMesh(), mesh = p.teeth[id]?.mesh ?? TriangleMesh()
            if let t = frames[id], let l0 = base.localToModel0[id] {
                let pose = t.composed(with: l0.inverse)
                r.poses[id] = pose
                let d = PoseGeometry.deviation(crown, mesh, pose: pose)
                if d > PoseGeometry.tolerance { r.strayed.append((id, d)) }
            } else if let t = frames[id] {
                r.deferred[id] = (t, mesh)
            } else if let fit = PoseGeometry.register(crown, onto: mesh) {
                r.poses[id] = fit.pose
                r.recovered.append(id)
            } else {
                throw .malformed(vendor: OnyxCephFormat.vendor, file: step.file, detail: "tooth \(id): no pose in \(step.infoFile) and too few vertices to register")
            }
        }
        r.attachments = Self.attachments(p.attachments, info: step.info)
        reduced[step.index] = r
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
