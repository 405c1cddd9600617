import PlanModel

/// What a named object of the layout is (FORMAT.md, "Objects"): `Tooth NN` (FDI), `Tooth NN (Copy)`,
/// `NN: <type>` (an attachment on tooth NN), `Maxilla` / `Mandible` (gingiva).
enum ObjectName: Hashable, Sendable {
    case tooth(ToothID, copy: Bool)
    case attachment(ToothID, type: String)
    case gingiva(Jaw)
    case other(String)

    init(_ raw: String) {
        let name = raw.trimmingCharacters(in: .whitespaces)
        let lower = name.lowercased()
        if lower == "maxilla" { self = .gingiva(.upper); return }
        if lower == "mandible" || lower == "mandibula" { self = .gingiva(.lower); return }
        if lower.hasPrefix("tooth ") {
            var rest = name.dropFirst(6).trimmingCharacters(in: .whitespaces)
            let copy = rest.lowercased().hasSuffix("(copy)")
            if copy { rest = rest.dropLast(6).trimmingCharacters(in: .whitespaces) }
            if rest.count == 2, let n = Int(rest), let id = try? ToothID(fdi: n) { self = .tooth(id, copy: copy); return }
        }
        if let colon = name.firstIndex(of: ":") {
            let number = name[..<colon].trimmingCharacters(in: .whitespaces)
            if number.count == 2, let n = Int(number), let id = try? ToothID(fdi: n) {
                self = .attachment(id, type: name[name.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                return
            }
        }
        self = .other(name)
    }

    /// `Tooth NN`.
    static func tooth(_ id: ToothID) -> String { "Tooth \(id.fdi)" }
    /// `NN: <type>`.
    static func attachment(_ id: ToothID, type: String) -> String { "\(id.fdi): \(type)" }
}

/// An attachment's type text and the template it stands for (FORMAT.md, "Attachments"): `Box W x H mm`
/// is a rectangle W wide (mesial–distal) and H high; any other text is kept as it is.
enum AttachmentType {
    /// Width and height of `Box W x H mm` (decimal point or comma), or nil for any other text.
    static func box(_ text: String) -> (width: Double, height: Double)? {
        let words = text.lowercased().replacingOccurrences(of: ",", with: ".").split(separator: " ")
        guard words.count == 5, words[0] == "box", words[2] == "x", words[4] == "mm",
              let w = Double(words[1]), let h = Double(words[3]), w > 0, h > 0, w.isFinite, h.isFinite else { return nil }
        return (w, h)
    }

    /// The kind a box reads as: wider than high is horizontal, else vertical.
    static func kind(width: Double, height: Double) -> AttachmentKind {
        width >= height ? .rectangularHorizontal : .rectangularVertical
    }

    /// `Box W x H mm`, the numbers in their shortest exact form.
    static func boxText(width: Double, height: Double) -> String { "Box \(number(width)) x \(number(height)) mm" }

    private static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
    }
}
