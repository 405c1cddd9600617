import Foundation
import MeshIO
import PlanModel

/// One file of a plan package: its path inside the package and its bytes.
public struct PackageEntry: Equatable, Sendable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Turns a plan into the files of a `.alignplan` package, in a fixed order (plan.json first).
public enum PlanEncoder {
    /// Every file of the package; the same plan always gives the same bytes.
    public static func entries(for plan: TreatmentPlan) throws -> [PackageEntry] {
        let (json, meshes) = try document(for: plan)
        return [PackageEntry(path: PlanFormat.documentPath, data: json)]
            + meshes.map { PackageEntry(path: $0.path, data: PLYCodec.encode($0.mesh, encoding: .binary)) }
    }

    /// The bytes of plan.json alone (it names every mesh by its content hash) and the meshes it refers to,
    /// unencoded: what the revision hash needs without paying for the PLY encoding.
    static func document(for plan: TreatmentPlan) throws -> (json: Data, meshes: [(path: String, mesh: TriangleMesh)]) {
        var meshes: [(path: String, mesh: TriangleMesh)] = []
        func reference(_ mesh: TriangleMesh, at path: String) -> PlanDocument.MeshReference {
            meshes.append((path, mesh))
            return .init(file: path, sha256: mesh.contentHash, vertices: mesh.vertexCount, triangles: mesh.triangleCount)
        }

        let arches = plan.arches.map { arch -> PlanDocument.ArchDocument in
            let folder = "meshes/\(arch.jaw.rawValue)"
            return PlanDocument.ArchDocument(
                jaw: arch.jaw.rawValue,
                gingiva: arch.gingiva.map { reference($0, at: "\(folder)/gingiva.ply") },
                teeth: arch.teeth.map { tooth in
                    PlanDocument.ToothDocument(
                        fdi: tooth.id.fdi, status: tooth.status.rawValue,
                        crown: tooth.crown.map { reference($0, at: "\(folder)/tooth-\(tooth.id.fdi).ply") },
                        frame: .init(origin: array(tooth.frame.origin), longAxis: array(tooth.frame.longAxis),
                                     mesialAxis: array(tooth.frame.mesialAxis), facialAxis: array(tooth.frame.facialAxis)))
                },
                stages: arch.stages.map { stage in
                    PlanDocument.StageDocument(
                        index: stage.index, passive: stage.isPassive, overcorrection: stage.isOvercorrection,
                        poses: stage.poses.sorted { $0.key < $1.key }.map { tooth, pose in
                            PlanDocument.PoseDocument(tooth: tooth.fdi, rotation: array(pose.rotation),
                                                      translation: array(pose.translation))
                        })
                },
                attachments: arch.attachments.map { a in
                    PlanDocument.AttachmentDocument(
                        tooth: a.tooth.fdi, kind: a.template.kind.rawValue, widthMM: a.template.widthMM,
                        heightMM: a.template.heightMM, depthMM: a.template.depthMM, label: a.template.label,
                        placement: .init(rotation: array(a.placement.rotation), translation: array(a.placement.translation)),
                        stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved)
                },
                ipr: arch.ipr.map { e in
                    PlanDocument.IPRDocument(contact: [e.contact.first.fdi, e.contact.second.fdi],
                                             amountMM: e.amountMM, beforeStage: e.beforeStage)
                })
        }

        let m = plan.metadata
        let derivation = plan.derivation.map {
            PlanDocument.DerivationDocument(sourceRevision: $0.sourceRevision, target: $0.target, margin: $0.margin,
                                            sourceAligners: $0.sourceAligners)
        }
        let document = PlanDocument(
            format: PlanFormat.formatName, formatVersion: PlanFormat.version(needed: plan),
            case: CaseRecord(m),
            arches: arches, derivation: derivation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(document)
        return (json + Data("\n".utf8), meshes)
    }

    static func array(_ v: Vector3) -> [Double] { [v.x, v.y, v.z] }
    static func array(_ q: Quaternion) -> [Double] { [q.w, q.x, q.y, q.z] }
}
