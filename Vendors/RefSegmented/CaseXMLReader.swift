import Foundation
import MeshIO
import PlanModel
import VendorKit

/// What case.xml says: the plan without its meshes, and the mesh files that complete it.
struct CaseManifest {
    var metadata: CaseMetadata
    /// Crowns and gingiva still nil: `meshes` says where they are.
    var arches: [Arch]
    var meshes: [MeshReference]

    /// One PLY the manifest lists.
    struct MeshReference: Equatable {
        var file: String
        var triangles: Int
        var arch: Int
        /// Index into the arch's teeth; nil for the gingiva.
        var tooth: Int?
    }
}

/// case.xml → `CaseManifest` (FORMAT.md, "case.xml"). Elements and attributes it does not know are
/// ignored (a later minor version may add them); everything it knows is checked, and the first fault is
/// a `CaseXMLError` naming the element, attribute and line.
enum CaseXMLReader {
    static func read(_ data: Data) throws(CaseXMLError) -> CaseManifest {
        guard !data.isEmpty else { throw CaseXMLError("", "the file is empty") }
        let root: XMLTreeElement
        do { root = try XMLTreeElement.parse(data, source: RefSegmentedFormat.manifestPath) } catch {
            throw CaseXMLError("", line: error.line, error.rule == .notUTF8 ? "case.xml \(error.detail)" : error.detail)
        }
        let r = XMLElementReader(root, path: root.name)
        guard root.name == RefSegmentedFormat.rootElement else {
            throw CaseXMLError(root.name, line: root.line, "the root element must be <\(RefSegmentedFormat.rootElement)>")
        }
        let format = try r.string("format")
        guard format == RefSegmentedFormat.formatName else { throw r.fail("format", "'\(format)' is not \(RefSegmentedFormat.formatName)") }
        let version = try r.string("version")
        do { _ = try FormatVersion.gate(version, reader: RefSegmentedFormat.version) } catch { throw r.fail("version", error.description) }
        guard try r.string("units") == RefSegmentedFormat.units else { throw r.fail("units", "must be \(RefSegmentedFormat.units)") }
        guard try r.string("numbering") == RefSegmentedFormat.numbering else {
            throw r.fail("numbering", "must be \(RefSegmentedFormat.numbering)")
        }
        let cases = root.children("case")
        guard cases.count == 1, let caseNode = cases.first else {
            throw CaseXMLError(root.name, line: root.line, "must hold exactly one <case> (found \(cases.count))")
        }
        let metadata = try metadata(caseNode)
        var arches: [Arch] = []
        var meshes: [CaseManifest.MeshReference] = []
        for node in root.children("arch") {
            let (arch, refs) = try ArchXMLReader.read(node, archIndex: arches.count)
            guard !arches.contains(where: { $0.jaw == arch.jaw }) else {
                throw CaseXMLError("arch[\(arch.jaw.rawValue)]", attribute: "jaw", line: node.line, "a second \(arch.jaw.rawValue) arch")
            }
            arches.append(arch)
            meshes += refs
        }
        var files = Set<String>()
        for ref in meshes where !files.insert(ref.file).inserted {
            throw CaseXMLError("arch", attribute: "file", "'\(ref.file)' is listed twice")
        }
        return CaseManifest(metadata: metadata, arches: arches, meshes: meshes)
    }

    /// The <case> element: one child element per field, text kept exactly.
    static func metadata(_ node: XMLTreeElement) throws(CaseXMLError) -> CaseMetadata {
        func field(_ name: String, required: Bool = false) throws(CaseXMLError) -> String {
            let found = node.children(name)
            guard found.count <= 1 else { throw CaseXMLError("case/\(name)", line: found[1].line, "given more than once") }
            guard let value = found.first?.text else {
                if required { throw CaseXMLError("case/\(name)", line: node.line, "missing") }
                return ""
            }
            return value
        }
        let created = try field("created", required: true)
        guard let date = ISODate.parse(created) else {
            throw CaseXMLError("case/created", line: node.line, "'\(created)' is not an ISO 8601 date-time")
        }
        let wear = try field("wearDays", required: true)
        guard let days = XMLElementReader.integer(wear) else {
            throw CaseXMLError("case/wearDays", line: node.line, "'\(wear)' is not a whole number of days")
        }
        return CaseMetadata(caseID: try field("id", required: true), patientReference: try field("patientRef"),
                            doctor: try field("doctor"), clinic: try field("clinic"), created: date,
                            planner: try field("planner"), wearIntervalDays: days, notes: try field("notes"),
                            restorativeNotes: try field("restorativeNotes"))
    }
}
