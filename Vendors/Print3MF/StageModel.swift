import MeshIO
import PlanModel
import VendorKit

/// One arch at one stage as a 3MF model (FORMAT.md, "Stage 3MF"): a mesh object per part — every crown
/// as its stage-0 mesh, the gingiva, the attachments bonded during the stage baked in model coordinates —
/// and one object, the arch model, whose components place them (each crown by its stage pose). The build
/// has that one object only, so a slicer that arranges its plate moves the arch as a whole. Metadata name
/// case, arch, stage and the label a lab imprints.
enum StageModel {
    /// The model, and the indices of the attachments it holds (into `arch.attachments`).
    static func model(caseID: String, created: String, arch: Arch, stage: Int) -> (model: ThreeMFModel, attachments: [Int]) {
        var objects: [ThreeMFObject] = []
        var components: [ThreeMFComponent] = []
        func add(_ name: String, _ mesh: TriangleMesh, _ transform: ThreeMFTransform?) {
            let id = objects.count + 1
            objects.append(ThreeMFObject(id: id, name: name, mesh: mesh))
            components.append(ThreeMFComponent(objectID: id, transform: transform))
        }
        for tooth in StageBaker.orderedCrowns(arch) {
            guard let crown = tooth.crown else { continue }
            add(Print3MFFormat.crownObjectName(tooth.id), crown, ThreeMFTransform(arch.pose(of: tooth.id, atStage: stage)))
        }
        if let gingiva = arch.gingiva { add(Print3MFFormat.gingivaObjectName, gingiva, nil) }
        var active: [Int] = []
        for (i, a) in arch.attachments.enumerated() where a.isActive(atStage: stage) {
            guard let tooth = arch.tooth(a.tooth) else { continue }
            let solid = StageBaker.attachmentSolid(a, frame: tooth.frame, pose: arch.pose(of: a.tooth, atStage: stage))
            add(Print3MFFormat.attachmentObjectName(a), solid, nil)
            active.append(i)
        }
        // The arch model last: components refer to objects defined before them.
        let archID = objects.count + 1
        objects.append(ThreeMFObject(id: archID, type: .model,
                                     name: ThreeMFWriter.representable(Print3MFFormat.archObjectName(caseID: caseID, jaw: arch.jaw, stage: stage)),
                                     content: .components(components)))
        let model = ThreeMFModel(
            unit: .millimeter, language: "en-US",
            namespaces: [ThreeMFNamespace(prefix: Print3MFFormat.namespacePrefix, uri: Print3MFFormat.namespaceURI)],
            metadata: metadata(caseID: caseID, created: created, jaw: arch.jaw, stage: stage).map { ThreeMFMetadata(name: $0.0, value: $0.1) },
            objects: objects, build: [ThreeMFBuildItem(objectID: archID)])
        return (model, active)
    }

    /// The model metadata, name and value, as written (values as XML can carry them).
    static func metadata(caseID: String, created: String, jaw: Jaw, stage: Int) -> [(String, String)] {
        let m = Print3MFFormat.metadataName
        return [
            ("Title", Print3MFFormat.title(caseID: caseID, jaw: jaw, stage: stage)),
            ("Application", Print3MFFormat.application),
            ("CreationDate", created),
            (m("case"), caseID),
            (m("arch"), jaw.rawValue),
            (m("stage"), String(stage)),
            (m("label"), Print3MFFormat.label(caseID: caseID, jaw: jaw, stage: stage)),
        ].map { ($0.0, ThreeMFWriter.representable($0.1)) }
    }
}
