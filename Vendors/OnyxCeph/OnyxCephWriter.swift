import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export (FORMAT.md, "Export"): a zip of the case folder `<case id>/` holding, per step N (counted from 0)
/// and arch, the OBJ of every tooth, gingiva and attachment as a named object at that step's pose, the
/// step's Info table, the stripping protocol and the movement totals. Deterministic and atomic (ArchiveIO).
enum OnyxCephWriter {
    static let vendor = OnyxCephFormat.vendor

    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        guard !plan.arches.isEmpty else {
            throw .malformed(vendor: vendor, file: "plan", detail: "has no arch: the layout holds one model per arch and step")
        }
        try MeshPreflight.check(plan, vendor: vendor, encoding: "OBJ", meshesTravelInStages: true)
        let folder = OnyxCephFormat.folderName(forCaseID: plan.metadata.caseID)
        let arches = plan.arches.sorted { $0.jaw < $1.jaw }
        let steps = Set(arches.flatMap { $0.stages.map(\.index) }).sorted()
        options.progress?.begin("export \(vendor)", units: arches.reduce(0) { $0 + $1.stages.count }, bytes: 0)
        defer { options.progress?.finish() }
        return try VendorError.catching(vendor: vendor, file: url.lastPathComponent, context: "cannot write the archive: ") {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            writer.onEntryWritten = { entry in
                if entry.path.hasSuffix(".obj") { options.progress?.advance(bytes: entry.size) }
            }
            for step in steps {
                let present = arches.filter { a in a.stages.contains { $0.index == step } }
                for arch in present {
                    try writer.add("\(folder)/\(OnyxCephFormat.modelName(step: step, jaw: arch.jaw))", produce: {
                        OBJCodec.encodeObjects(objects(arch, step: step).map { ($0.name, LayoutFrame.toLayout($0.mesh)) }, lineEnding: "\r\n")
                    })
                }
                let rows = present.flatMap { arch in
                    objects(arch, step: step).map { ($0.name, $0.type, LayoutFrame.ObjectFrame(localToModel: $0.frame)) }
                        + arch.teeth.filter { $0.crown == nil }.map { t in
                            (ObjectName.tooth(t.id), "Missing", LayoutFrame.ObjectFrame(localToModel: t.frame.localToModel))
                        }
                }
                try writer.add("\(folder)/\(OnyxCephFormat.infoName(step: step))", data: InfoTable.encode(rows))
                for arch in present {
                    try writer.add("\(folder)/\(OnyxCephFormat.strippingName(step: step, jaw: arch.jaw))",
                                   data: StrippingProtocol.encode(arch, step: step))
                }
                for arch in present {
                    try writer.add("\(folder)/\(OnyxCephFormat.movementName(step: step, jaw: arch.jaw))",
                                   data: MovementTotals.encode(arch, step: step))
                }
            }
            return try ExportedArchive(writer.finish())
        }
    }

    /// One object of a step model: name, Info type, mesh and local frame, in model coordinates.
    struct StepObject {
        var name: String
        var type: String
        var mesh: TriangleMesh
        var frame: RigidTransform
    }

    /// The objects of `arch` at `step`, in the order written: crowns along the arch, the gingiva, then the
    /// attachments bonded during the step whose kind the layout carries.
    static func objects(_ arch: Arch, step: Int) -> [StepObject] {
        var out: [StepObject] = []
        for tooth in StageBaker.orderedCrowns(arch) {
            guard let crown = tooth.crown else { continue }
            let pose = arch.pose(of: tooth.id, atStage: step)
            let type = switch tooth.status { case .implant: "Implant"; case .pontic: "Pontic"; default: "Tooth" }
            out.append(StepObject(name: ObjectName.tooth(tooth.id), type: type, mesh: crown.transformed(by: pose),
                                  frame: pose.composed(with: tooth.frame.localToModel)))
        }
        if let gingiva = arch.gingiva {
            out.append(StepObject(name: OnyxCephFormat.gingivaName(arch.jaw), type: "Gingiva", mesh: gingiva, frame: .identity))
        }
        for a in arch.attachments where a.isActive(atStage: step) {
            guard let tooth = arch.tooth(a.tooth), let type = typeText(a) else { continue }
            let pose = arch.pose(of: a.tooth, atStage: step)
            out.append(StepObject(name: ObjectName.attachment(a.tooth, type: type), type: type,
                                  mesh: StageBaker.attachmentSolid(a, frame: tooth.frame, pose: pose),
                                  frame: pose.composed(with: tooth.frame.localToModel).composed(with: a.placement)))
        }
        return out
    }

    /// The type text of an attachment the layout carries; nil for the kinds it has no text for.
    static func typeText(_ a: Attachment) -> String? {
        switch a.template.kind {
        case .rectangularHorizontal, .rectangularVertical:
            AttachmentType.boxText(width: a.template.widthMM, height: a.template.heightMM)
        default:
            nil
        }
    }
}
