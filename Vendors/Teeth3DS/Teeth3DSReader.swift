import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): find the scan set, read each jaw's OBJ and validate its JSON, split the
/// mesh by label into crowns and gingiva, estimate the crown frames, and build a one-stage plan.
enum Teeth3DSReader {
    static func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        let files = try CaseFiles(url, vendor: Teeth3DSAdapter.id, password: options.password)
        let layout = try ScanLayout(paths: files.paths, archive: url.lastPathComponent)
        let data = try files.data(of: layout.files.sorted())
        var findings: [Finding] = []
        var arches: [Arch] = []
        var patientIDs: [(jaw: Jaw, id: String, file: String)] = []
        for (jaw, meshPath, labelsPath) in layout.jaws {
            guard let objData = data[meshPath] else {
                throw .malformed(vendor: Teeth3DSAdapter.id, file: meshPath, detail: "listed but could not be read")
            }
            guard let jsonData = data[labelsPath] else {
                throw .malformed(vendor: Teeth3DSAdapter.id, file: labelsPath, detail: "listed but could not be read")
            }
            let mesh: TriangleMesh
            do { mesh = try OBJCodec.decode(objData, source: meshPath) } catch { throw .mesh(error) }
            let labels = try JawLabels.decode(jsonData, file: labelsPath, jaw: jaw, vertexCount: mesh.vertexCount)
            if !labels.patientID.isEmpty { patientIDs.append((jaw, labels.patientID, labelsPath)) }
            let (arch, boundary) = Self.arch(jaw, mesh: mesh, labels: labels.labels)
            arches.append(arch)
            if boundary > 0 {
                findings.append(Finding(Teeth3DSFormat.Code.boundaryTriangles, .note, at: FindingLocation(arch: jaw, file: meshPath),
                                        measured: Double(boundary), unit: "triangles",
                                        message: "\(boundary) triangle(s) of \(meshPath) have corners with different labels; each went to the label most of its corners carry (three different labels: the gingiva).",
                                        remedy: "None needed; check the segmentation at the gum line if a crown's margin looks ragged."))
            }
            findings.append(Finding(Teeth3DSFormat.Code.framesEstimated, .note, at: FindingLocation(arch: jaw),
                                    message: "Teeth3DS stores no crown frames: the \(jaw.rawValue) arch's frames were estimated from the crowns (centroid, occlusal plane, arch tangent).",
                                    remedy: "Review the crown frames in the planning software before staging movements."))
        }
        let caseID = patientIDs.first?.id ?? layout.id
        for entry in patientIDs where entry.id != caseID || entry.id != layout.id {
            findings.append(Finding(Teeth3DSFormat.Code.idMismatch, .warning, at: FindingLocation(arch: entry.jaw, file: entry.file),
                                    message: "\(entry.file) names patient \"\(entry.id)\", but the file names say \"\(layout.id)\"\(entry.id != caseID ? " and the other jaw \"\(caseID)\"" : ""); the case id is \"\(caseID)\".",
                                    remedy: "Make sure both scans are the same patient's; correct id_patient or the file names."))
        }
        findings.append(Finding(Teeth3DSFormat.Code.noCaseMetadata, .note,
                                message: "Teeth3DS carries the patient id only: the case id and patient reference are \"\(caseID)\", the creation date is unknown (1970-01-01), the wear interval the default 14 days.",
                                remedy: "Enter the case details (doctor, dates, wear interval) in the planning software."))
        for path in layout.others {
            findings.append(Finding(Teeth3DSFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                                    message: "\(path) is not part of the Teeth3DS scan set and was ignored.",
                                    remedy: "None needed; remove \(path) if it should not travel with the case."))
        }
        let metadata = CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0))
        return IntakeResult(plan: TreatmentPlan(metadata: metadata, arches: arches), report: Report(findings))
    }

    /// One arch from a validated scan: teeth along the arch (present ones from the labels, missing ones in
    /// gaps), crowns and gingiva split by label, estimated frames, and stage 0. Also returns the count of
    /// boundary triangles.
    static func arch(_ jaw: Jaw, mesh: TriangleMesh, labels: [Int]) -> (Arch, Int) {
        let split = LabelSplitter(mesh, labels: labels)
        let present = Set(labels.filter { $0 != Teeth3DSFormat.gingivaLabel }.compactMap { try? ToothID(fdi: $0) })
        let missing = missingTeeth(present: present)
        let ids = (present.union(missing)).sorted { ($0.archPosition, $0.fdi) < ($1.archPosition, $1.fdi) }
        // A label whose triangles all went to a neighbour at the boundary still names a present tooth.
        let crowns = ids.map { id in FrameEstimator.Tooth(id: id, crown: missing.contains(id) ? nil : split.parts[id.fdi] ?? TriangleMesh()) }
        let gingiva = split.parts[Teeth3DSFormat.gingivaLabel]
        let frames = FrameEstimator.frames(jaw: jaw, teeth: crowns, gingiva: gingiva)
        let teeth = crowns.map { t in
            Tooth(id: t.id, status: t.crown == nil ? .missing : .present, crown: t.crown,
                  frame: frames[t.id] ?? CrownFrame(origin: .zero, longAxis: Vector3(0, 0, 1), mesialAxis: Vector3(1, 0, 0), facialAxis: Vector3(0, 1, 0)))
        }
        let poses = Dictionary(uniqueKeysWithValues: teeth.filter { $0.status.hasCrown }.map { ($0.id, RigidTransform.identity) })
        return (Arch(jaw: jaw, teeth: teeth, gingiva: gingiva, stages: [Stage(index: 0, poses: poses)]), split.boundaryTriangles)
    }

    /// Teeth the labels skip inside the arch (VendorKit's `MissingTeeth`).
    static func missingTeeth(present: Set<ToothID>) -> Set<ToothID> { MissingTeeth.inferred(present: present) }
}
