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

    /// MeshIO's one XML escaping.
    static func escape(_ s: String, inAttribute: Bool) -> String { XMLEscape.escaped(s, inAttribute: inAttribute) }

    /// Swift's shortest round-trip spelling ("0.15", "-1e-05", "1.0"): `Double(_:)` reads back the same bits.
    static func number(_ v: Double) -> String { "\(v)" }

    /// Space-separated numbers.
    static func numbers(_ values: [Double]) -> String { values.map(number).joined(separator: " ") }

    /// "x y z".
    static func vector(_ v: Vector3) -> String { numbers([v.x, v.y, v.z]) }

    /// The 16 numbers of a row-major 4×4 homogeneous matrix.
    static func matrix(_ t: RigidTransform) -> String { numbers(t.matrix) }
}
