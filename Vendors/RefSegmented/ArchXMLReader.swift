import MeshIO
import PlanModel

/// One <arch> element → an `Arch` without meshes, and the PLY files its teeth and gingiva are in.
enum ArchXMLReader {
    static func read(_ node: XMLTreeElement, archIndex: Int) throws(CaseXMLError) -> (Arch, [CaseManifest.MeshReference]) {
        let a = XMLElementReader(node, path: "arch")
        let jawText = try a.string("jaw")
        guard let jaw = Jaw(rawValue: jawText) else { throw a.fail("jaw", "'\(jawText)' is not upper or lower") }
        let base = "arch[\(jaw.rawValue)]"
        var arch = Arch(jaw: jaw, teeth: [], stages: [])
        var meshes: [CaseManifest.MeshReference] = []

        let gingivae = node.children("gingiva")
        guard gingivae.count <= 1 else { throw CaseXMLError("\(base)/gingiva", line: gingivae[1].line, "given more than once") }
        if let g = gingivae.first {
            let r = XMLElementReader(g, path: "\(base)/gingiva")
            meshes.append(.init(file: try r.string("file"), triangles: try count(r), arch: archIndex, tooth: nil))
        }
        for t in node.children("tooth") {
            let (tooth, file) = try self.tooth(t, base: base)
            guard arch.tooth(tooth.id) == nil else {
                throw CaseXMLError("\(base)/tooth[\(tooth.id.universal)]", attribute: "number", line: t.line, "tooth listed twice")
            }
            if let file { meshes.append(.init(file: file.0, triangles: file.1, arch: archIndex, tooth: arch.teeth.count)) }
            arch.teeth.append(tooth)
        }
        for s in node.children("stage") {
            let stage = try self.stage(s, base: base)
            guard !arch.stages.contains(where: { $0.index == stage.index }) else {
                throw CaseXMLError("\(base)/stage[\(stage.index)]", attribute: "index", line: s.line, "stage listed twice")
            }
            arch.stages.append(stage)
        }
        for (i, e) in node.children("attachment").enumerated() {
            arch.attachments.append(try attachment(XMLElementReader(e, path: "\(base)/attachment[\(i)]")))
        }
        for (i, e) in node.children("ipr").enumerated() {
            arch.ipr.append(try ipr(XMLElementReader(e, path: "\(base)/ipr[\(i)]")))
        }
        return (arch, meshes)
    }

    /// A tooth, and its crown file and triangle count when it has a crown.
    static func tooth(_ node: XMLTreeElement, base: String) throws(CaseXMLError) -> (Tooth, (String, Int)?) {
        let number = XMLElementReader(node, path: "\(base)/tooth")
        let id = try number.tooth("number")
        let r = XMLElementReader(node, path: "\(base)/tooth[\(id.universal)]")
        let statusText = try r.string("status")
        guard let status = ToothStatus(rawValue: statusText) else {
            throw r.fail("status", "'\(statusText)' is not one of \(ToothStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var file: (String, Int)?
        if let path = r.optional("file") {
            file = (path, try count(r))
        } else if r.optional("triangles") != nil {
            throw r.fail("file", "missing although triangles is given")
        }
        let frames = node.children("frame")
        guard frames.count == 1, let frameNode = frames.first else {
            throw CaseXMLError(r.path, line: node.line, "must hold exactly one <frame> (found \(frames.count))")
        }
        let f = XMLElementReader(frameNode, path: "\(r.path)/frame")
        let frame = CrownFrame(origin: try f.vector("origin"), longAxis: try f.vector("longAxis"),
                               mesialAxis: try f.vector("mesialAxis"), facialAxis: try f.vector("facialAxis"))
        // The crown is filled in from its PLY; a tooth with a file but no PLY is refused later.
        return (Tooth(id: id, status: status, crown: nil, frame: frame), file)
    }

    static func stage(_ node: XMLTreeElement, base: String) throws(CaseXMLError) -> Stage {
        let index = try XMLElementReader(node, path: "\(base)/stage").int("index")
        let r = XMLElementReader(node, path: "\(base)/stage[\(index)]")
        guard index >= 0 else { throw r.fail("index", "stage indices start at 0") }
        var stage = Stage(index: index, isPassive: try r.bool("passive"))
        for p in node.children("pose") {
            let id = try XMLElementReader(p, path: "\(r.path)/pose").tooth("tooth")
            let pose = XMLElementReader(p, path: "\(r.path)/pose[\(id.universal)]")
            guard stage.poses[id] == nil else { throw pose.fail("tooth", "a second pose for this tooth in this stage") }
            stage.poses[id] = try pose.rigid("matrix")
        }
        return stage
    }

    static func attachment(_ r: XMLElementReader) throws(CaseXMLError) -> Attachment {
        let kindText = try r.string("kind")
        guard let kind = AttachmentKind(rawValue: kindText) else { throw r.fail("kind", "'\(kindText)' is not an attachment kind") }
        guard RefSegmentedAdapter.attachmentKinds.contains(kind) else {
            throw r.fail("kind", "\(kind.rawValue) is not in ref-segmented's attachment library")
        }
        let template = AttachmentTemplate(kind: kind, widthMM: try r.double("width"), heightMM: try r.double("height"),
                                          depthMM: try r.double("depth"))
        return Attachment(tooth: try r.tooth("tooth"), template: template, placement: try r.rigid("placement"),
                          stagePlaced: try r.int("placed"), stageRemoved: try r.optionalInt("removed"))
    }

    static func ipr(_ r: XMLElementReader) throws(CaseXMLError) -> IPREvent {
        let text = try r.string("contact")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw r.fail("contact", "'\(text)' is not two Universal numbers joined by '-' (e.g. 8-9)") }
        let refuse = { (detail: String) throws(CaseXMLError) -> Never in throw r.fail("contact", detail) }
        let a = try XMLElementReader.tooth(String(parts[0]), refuse: refuse)
        let b = try XMLElementReader.tooth(String(parts[1]), refuse: refuse)
        return IPREvent(contact: ToothContact(a, b), amountMM: try r.double("amount"), beforeStage: try r.int("beforeStage"))
    }

    static func count(_ r: XMLElementReader) throws(CaseXMLError) -> Int {
        let n = try r.int("triangles")
        guard n >= 0 else { throw r.fail("triangles", "a triangle count cannot be negative") }
        return n
    }
}
