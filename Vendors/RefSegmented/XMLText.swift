import MeshIO
import PlanModel

/// Builds case.xml as text: escaping that survives any XML 1.0 parser exactly, and numbers in a form
/// that reads back bit for bit.
struct XMLText {
    private(set) var text = ""

    init() { text.reserveCapacity(1 << 16) }

    mutating func line(_ indent: Int, _ s: String) {
        text += String(repeating: "  ", count: indent) + s + "\n"
    }

    /// `<name a="v" …/>` or `<name a="v" …>` when `open`.
    static func tag(_ name: String, _ attributes: [(String, String)], open: Bool = false) -> String {
        "<\(name)" + attributes.map { " \($0.0)=\"\(escape($0.1, inAttribute: true))\"" }.joined() + (open ? ">" : "/>")
    }

    /// `<name>text</name>`.
    static func element(_ name: String, text: String) -> String { "<\(name)>\(escape(text, inAttribute: false))</\(name)>" }

    /// Escapes markup; in attributes also tab and line ends, which attribute-value normalization would turn
    /// into spaces; CR everywhere, which end-of-line handling would turn into LF. A character XML 1.0 cannot
    /// carry at all becomes U+FFFD (the check warns first: `ref-segmented.text-unrepresentable`).
    static func escape(_ s: String, inAttribute: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            default:
                out.unicodeScalars.append(ThreeMFWriter.isRepresentable(String(scalar)) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// Swift's shortest round-trip spelling ("0.15", "-1e-05", "1.0"): `Double(_:)` reads back the same bits.
    static func number(_ v: Double) -> String { "\(v)" }

    /// Space-separated numbers.
    static func numbers(_ values: [Double]) -> String { values.map(number).joined(separator: " ") }

    /// "x y z".
    static func vector(_ v: Vector3) -> String { numbers([v.x, v.y, v.z]) }

    /// The 16 numbers of a row-major 4×4 homogeneous matrix.
    static func matrix(_ t: RigidTransform) -> String { numbers(t.matrix) }
}
