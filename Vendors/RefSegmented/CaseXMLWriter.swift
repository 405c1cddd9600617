import Foundation
import PlanModel
import VendorKit

/// case.xml from a plan (FORMAT.md, "case.xml"), by string building: the root names the format in the
/// first line after the declaration (so a probe's first bytes see it), then the case, then per arch the
/// gingiva, teeth, stages with poses, attachments and IPR, each in the plan's order.
enum CaseXMLWriter {
    /// The document, UTF-8, LF line ends, final newline.
    static func document(_ plan: TreatmentPlan, kinds: Set<AttachmentKind>) throws(VendorError) -> Data {
        var x = XMLText()
        x.line(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        x.line(0, XMLText.tag(RefSegmentedFormat.rootElement, [
            ("format", RefSegmentedFormat.formatName), ("version", RefSegmentedFormat.version),
            ("units", RefSegmentedFormat.units), ("numbering", RefSegmentedFormat.numbering),
        ], open: true))
        caseElement(plan.metadata, &x)
        for arch in plan.arches { try archElement(arch, caseID: plan.metadata.caseID, kinds: kinds, &x) }
        x.line(0, "</\(RefSegmentedFormat.rootElement)>")
        return Data(x.text.utf8)
    }

    static func caseElement(_ m: CaseMetadata, _ x: inout XMLText) {
        x.line(1, "<case>")
        let fields: [(String, String)] = [
            ("id", m.caseID), ("patientRef", m.patientReference), ("doctor", m.doctor), ("clinic", m.clinic),
            ("created", ISODate.format(m.created)), ("planner", m.planner), ("wearDays", String(m.wearIntervalDays)),
            ("notes", m.notes), ("restorativeNotes", m.restorativeNotes),
        ]
        for (name, value) in fields { x.line(2, XMLText.element(name, text: value)) }
        x.line(1, "</case>")
    }

    static func archElement(_ arch: Arch, caseID: String, kinds: Set<AttachmentKind>, _ x: inout XMLText) throws(VendorError) {
        let jaw = arch.jaw
        x.line(1, XMLText.tag("arch", [("jaw", jaw.rawValue)], open: true))
        if let g = arch.gingiva {
            x.line(2, XMLText.tag("gingiva", [("file", RefSegmentedFormat.gingivaPath(jaw)), ("triangles", String(g.triangleCount))]))
        }
        for tooth in arch.teeth {
            let n = try number(tooth.id, jaw)
            var attributes = [("number", String(n)), ("status", tooth.status.rawValue)]
            if let crown = tooth.crown {
                attributes += [("file", RefSegmentedFormat.crownPath(jaw, universal: n)), ("triangles", String(crown.triangleCount))]
            }
            let f = tooth.frame
            try finite([f.origin, f.longAxis, f.mesialAxis, f.facialAxis].flatMap { [$0.x, $0.y, $0.z] }, "\(jaw.rawValue) tooth \(n) frame")
            x.line(2, XMLText.tag("tooth", attributes, open: true))
            x.line(3, XMLText.tag("frame", [
                ("origin", XMLText.vector(f.origin)), ("longAxis", XMLText.vector(f.longAxis)),
                ("mesialAxis", XMLText.vector(f.mesialAxis)), ("facialAxis", XMLText.vector(f.facialAxis)),
            ]))
            x.line(2, "</tooth>")
        }
        for stage in arch.stages {
            // No overcorrection attribute: this reference format has no such flag (FORMAT.md, "Rules").
            x.line(2, XMLText.tag("stage", [("index", String(stage.index)), ("passive", stage.isPassive ? "true" : "false")], open: true))
            let poses = try stage.poses.map { (id, pose) throws(VendorError) in (try number(id, jaw), pose) }.sorted { $0.0 < $1.0 }
            for (n, pose) in poses {
                try finite(pose.matrix, "\(jaw.rawValue) stage \(stage.index) pose of tooth \(n)")
                x.line(3, XMLText.tag("pose", [("tooth", String(n)), ("matrix", XMLText.matrix(pose))]))
            }
            x.line(2, "</stage>")
        }
        for a in arch.attachments where kinds.contains(a.template.kind) {
            let n = try number(a.tooth, jaw)
            let t = a.template
            try finite([t.widthMM, t.heightMM, t.depthMM] + a.placement.matrix, "\(jaw.rawValue) attachment on tooth \(n)")
            var attributes = [
                ("tooth", String(n)), ("kind", t.kind.rawValue), ("width", XMLText.number(t.widthMM)),
                ("height", XMLText.number(t.heightMM)), ("depth", XMLText.number(t.depthMM)),
                ("placed", String(a.stagePlaced)),
            ]
            if let removed = a.stageRemoved { attributes.append(("removed", String(removed))) }
            attributes.append(("placement", XMLText.matrix(a.placement)))
            x.line(2, XMLText.tag("attachment", attributes))
        }
        for e in arch.ipr {
            let a = try number(e.contact.first, jaw), b = try number(e.contact.second, jaw)
            try finite([e.amountMM], "\(jaw.rawValue) IPR \(a)-\(b)")
            x.line(2, XMLText.tag("ipr", [("contact", "\(a)-\(b)"), ("amount", XMLText.number(e.amountMM)),
                                          ("beforeStage", String(e.beforeStage))]))
        }
        x.line(1, "</arch>")
    }

    /// The Universal number of a permanent tooth; a primary tooth (refused by the check, exported only
    /// when forced) cannot be written: this format numbers permanent teeth only.
    static func number(_ id: ToothID, _ jaw: Jaw) throws(VendorError) -> Int {
        guard let n = RefSegmentedFormat.universalNumber(id) else {
            throw .malformed(vendor: RefSegmentedFormat.vendor, file: RefSegmentedFormat.manifestPath,
                             detail: "\(jaw.rawValue) arch: tooth \(id) (FDI) is a primary tooth; ref-segmented numbers permanent teeth 1–32 only")
        }
        return n
    }

    /// NaN or infinity has no XML spelling a reader would accept: refuse instead of writing an unreadable case.
    static func finite(_ values: [Double], _ what: String) throws(VendorError) {
        guard values.allSatisfy(\.isFinite) else {
            throw .malformed(vendor: RefSegmentedFormat.vendor, file: RefSegmentedFormat.manifestPath,
                             detail: "\(what) has non-finite values and cannot be written")
        }
    }
}
