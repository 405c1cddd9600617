import PlanModel

/// Both arches as a dental chart (patient's right on the viewer's left): one element per tooth in the
/// plan, marked by status and movement, with its attachments and the IPR at its contacts.
enum Odontogram {
    static let slot = 56.0, crown = 44.0, rowHeight = 150.0

    /// A tooth counts as moving when its final position is this far from stage 0.
    static let movingMM = 0.1, movingDegrees = 1.0

    static func html(_ plan: TreatmentPlan) -> String {
        let width = slot * 16 + 20
        var svg = "<svg class=\"odontogram\" viewBox=\"0 0 \(Int(width)) \(Int(rowHeight * 2 + 20))\" role=\"img\" aria-label=\"Odontogram\">"
        for (row, jaw) in [Jaw.upper, .lower].enumerated() {
            let top = 10 + Double(row) * (rowHeight + 10)
            svg += "<text class=\"jaw\" x=\"4\" y=\"\(Int(top + 12))\">\(jaw.rawValue)</text>"
            svg += "<line class=\"midline\" x1=\"\(Int(10 + slot * 8))\" y1=\"\(Int(top))\" x2=\"\(Int(10 + slot * 8))\" y2=\"\(Int(top + rowHeight))\"/>"
            guard let arch = plan.arch(jaw) else {
                svg += "<text class=\"absent\" x=\"\(Int(width / 2))\" y=\"\(Int(top + 70))\">not in the plan</text>"
                continue
            }
            svg += teeth(arch, top: top) + ipr(arch, top: top)
        }
        svg += "</svg>"
        let legend = """
            <ul class="legend"><li><span class="key moving"></span>moves (≥ \(HTML.number(movingMM, 1)) mm or \(Int(movingDegrees))°)</li>\
            <li><span class="key still"></span>stays</li><li><span class="key missing"></span>missing</li>\
            <li><span class="key implant"></span>implant (IMP)</li><li><span class="key pontic"></span>pontic (PON)</li>\
            <li><span class="key att"></span>attachment (letter = kind, stages under it)</li><li><span class="key ipr"></span>IPR mm, ▸n = before aligner n</li></ul>
            """
        return "<section id=\"odontogram\"><h2>Odontogram</h2><div class=\"scroll\">\(svg)</div>\(legend)</section>"
    }

    /// Horizontal slot of a tooth: 0…15 from the patient's right distal end.
    static func column(_ id: ToothID) -> Int { id.archPosition < 0 ? 8 + id.archPosition : 7 + id.archPosition }

    static func x(_ id: ToothID) -> Double { 10 + Double(column(id)) * slot + (slot - crown) / 2 }

    static func teeth(_ arch: Arch, top: Double) -> String {
        let final = arch.stages.map(\.index).max() ?? 0
        var out = ""
        // The crown row sits next to the occlusal plane: at the bottom of the upper row, the top of the lower.
        let crownTop = arch.jaw == .upper ? top + 52 : top + 30
        for tooth in arch.teeth.sorted(by: { column($0.id) < column($1.id) }) {
            let id = tooth.id
            let move = Movements.cumulative(of: tooth.frame, to: arch.pose(of: id, atStage: final))
            let moving = tooth.status.hasCrown && (move.distanceMM >= movingMM || move.angleDegrees >= movingDegrees)
            let left = x(id)
            let classes = ["tooth", "st-\(tooth.status.rawValue)", moving ? "moving" : "still"].joined(separator: " ")
            var title = "\(id.fdi) (Universal \(id.universal), Palmer \(id.palmer)): \(tooth.status.rawValue)"
            if tooth.status.hasCrown {
                title += moving ? ", moves \(HTML.number(move.distanceMM, 2)) mm and \(HTML.number(move.angleDegrees, 1))° by the end"
                    : ", does not move"
            }
            out += "<g class=\"\(classes)\" data-fdi=\"\(id.fdi)\" data-status=\"\(tooth.status.rawValue)\" id=\"tooth-\(id.fdi)\"><title>\(HTML.escape(title))</title>"
            out += "<rect class=\"crown\" x=\"\(Int(left))\" y=\"\(Int(crownTop))\" width=\"\(Int(crown))\" height=\"\(Int(crown))\" rx=\"9\"/>"
            switch tooth.status {
            case .missing:
                out += "<path class=\"cross\" d=\"M\(Int(left + 6)) \(Int(crownTop + 6))l32 32m0-32l-32 32\"/>"
            case .implant, .pontic:
                out += "<text class=\"mark\" x=\"\(Int(left + crown / 2))\" y=\"\(Int(crownTop + 30))\">\(tooth.status == .implant ? "IMP" : "PON")</text>"
            case .present:
                break
            }
            let labelY = arch.jaw == .upper ? crownTop - 8 : crownTop + crown + 16
            out += "<text class=\"num\" x=\"\(Int(left + crown / 2))\" y=\"\(Int(labelY))\">\(HTML.svgTooth(id))</text>"
            if moving {
                out += "<text class=\"move\" x=\"\(Int(left + crown / 2))\" y=\"\(Int(crownTop + 18))\">\(HTML.number(move.distanceMM, 1))</text>"
            }
            out += attachments(arch.attachments.filter { $0.tooth == id }, left: left, top: crownTop, jaw: arch.jaw)
            out += "</g>"
        }
        return out
    }

    static func attachments(_ list: [Attachment], left: Double, top: Double, jaw: Jaw) -> String {
        var out = ""
        for (i, a) in list.enumerated() {
            let y = jaw == .upper ? top - 40 - Double(i) * 26 : top + crown + 22 + Double(i) * 26
            let stages = "\(a.stagePlaced)–\(a.stageRemoved.map { String($0 - 1) } ?? "end")"
            let title = "\(a.template.kindDescription) \(HTML.number(a.template.widthMM, 1))×\(HTML.number(a.template.heightMM, 1)) mm: bonded before aligner \(a.stagePlaced), "
                + (a.stageRemoved.map { "removed before aligner \($0)" } ?? "kept to the end")
            out += "<g class=\"att\" data-kind=\"\(a.template.kind.rawValue)\" data-placed=\"\(a.stagePlaced)\" data-removed=\"\(a.stageRemoved.map { String($0) } ?? "")\"><title>\(HTML.escape(title))</title>"
                + "<rect x=\"\(Int(left + 10))\" y=\"\(Int(y))\" width=\"24\" height=\"14\" rx=\"2\"/>"
                + "<text x=\"\(Int(left + 22))\" y=\"\(Int(y + 11))\">\(abbreviation(a.template.kind))</text>"
                + "<text class=\"stages\" x=\"\(Int(left + 22))\" y=\"\(Int(y + 23))\">\(stages)</text></g>"
        }
        return out
    }

    /// One or two letters per template kind.
    static func abbreviation(_ kind: AttachmentKind) -> String {
        switch kind {
        case .rectangularHorizontal: "RH"
        case .rectangularVertical: "RV"
        case .bevelledGingival: "BG"
        case .bevelledOcclusal: "BO"
        case .ellipsoid: "E"
        case .optimizedRotation: "OR"
        case .optimizedExtrusion: "OE"
        case .optimizedRootControl: "OC"
        case .powerRidge: "PR"
        case .biteRamp: "BR"
        case .button: "B"
        case .hook: "H"
        case .precisionCut: "PC"
        case .unknown: "?"
        }
    }

    /// A marker between the two teeth of each IPR contact: amount and the aligner it precedes.
    static func ipr(_ arch: Arch, top: Double) -> String {
        var out = ""
        var stacked: [String: Int] = [:]
        for event in arch.ipr.sorted(by: IPREvent.inArchOrder) {
            let a = event.contact.first, b = event.contact.second
            let cx = (x(a) + x(b)) / 2 + crown / 2
            let key = event.contact.description
            let level = stacked[key, default: 0]
            stacked[key] = level + 1
            let y = (arch.jaw == .upper ? top + 104 : top + 12) + Double(level) * 12 * (arch.jaw == .upper ? 1 : -1)
            let title = "IPR \(a)–\(b): \(HTML.number(event.amountMM, 2)) mm before aligner \(event.beforeStage)"
            out += "<g class=\"ipr\" data-contact=\"\(key)\" data-mm=\"\(HTML.number(event.amountMM, 2))\" data-before=\"\(event.beforeStage)\"><title>\(title)</title>"
                + "<text x=\"\(Int(cx))\" y=\"\(Int(y))\">\(HTML.number(event.amountMM, 2))▸\(event.beforeStage)</text></g>"
        }
        return out
    }
}
