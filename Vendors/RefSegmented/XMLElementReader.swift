import MeshIO
import PlanModel

/// Typed access to one element's attributes: every refusal names the element's path, the attribute and
/// the line, so a person can find the fault in case.xml.
struct XMLElementReader {
    let node: XMLTreeElement
    /// The element's path, e.g. `arch[upper]/stage[3]/pose[8]`.
    let path: String

    init(_ node: XMLTreeElement, path: String) {
        self.node = node
        self.path = path
    }

    func fail(_ attribute: String?, _ detail: String) -> CaseXMLError {
        CaseXMLError(path, attribute: attribute, line: node.line, detail)
    }

    func optional(_ name: String) -> String? { node.attributes[name] }

    func string(_ name: String) throws(CaseXMLError) -> String {
        guard let value = node.attributes[name] else { throw fail(name, "missing attribute") }
        return value
    }

    func int(_ name: String) throws(CaseXMLError) -> Int {
        let text = try string(name)
        guard let v = Self.integer(text) else { throw fail(name, "'\(text)' is not a whole number") }
        return v
    }

    func optionalInt(_ name: String) throws(CaseXMLError) -> Int? {
        guard node.attributes[name] != nil else { return nil }
        return try int(name)
    }

    func double(_ name: String) throws(CaseXMLError) -> Double {
        let text = try string(name)
        guard let v = Self.decimal(text) else { throw fail(name, "'\(text)' is not a finite number") }
        return v
    }

    func bool(_ name: String) throws(CaseXMLError) -> Bool {
        switch try string(name) {
        case "true", "1": return true
        case "false", "0": return false
        case let other: throw fail(name, "'\(other)' is not true or false")
        }
    }

    /// `count` space-separated finite numbers.
    func numbers(_ name: String, count: Int) throws(CaseXMLError) -> [Double] {
        let text = try string(name)
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == count else { throw fail(name, "holds \(parts.count) numbers; \(count) expected") }
        var out: [Double] = []
        for part in parts {
            guard let v = Self.decimal(String(part)) else { throw fail(name, "'\(part)' is not a finite number") }
            out.append(v)
        }
        return out
    }

    func vector(_ name: String) throws(CaseXMLError) -> Vector3 {
        let v = try numbers(name, count: 3)
        return Vector3(v[0], v[1], v[2])
    }

    /// A row-major 4×4 matrix whose upper 3×3 is a rotation and whose last row is 0 0 0 1; anything else
    /// (scale, shear, mirror, projection) is refused: a pose or placement is a rigid motion.
    func rigid(_ name: String) throws(CaseXMLError) -> RigidTransform {
        let m = try numbers(name, count: 16)
        guard let t = RigidTransform(matrix: m) else {
            throw fail(name, "not a rigid transform: the upper 3×3 must be a rotation (orthonormal, determinant +1) and the last row 0 0 0 1")
        }
        return t
    }

    /// A permanent tooth in Universal numbering, "1"…"32".
    func tooth(_ name: String) throws(CaseXMLError) -> ToothID {
        try Self.tooth(try string(name)) { detail throws(CaseXMLError) in throw fail(name, detail) }
    }

    /// Parses a Universal number; `refuse` throws the caller's error.
    static func tooth(_ text: String, refuse: (String) throws(CaseXMLError) -> Never) throws(CaseXMLError) -> ToothID {
        guard let n = integer(text) else {
            if text.count == 1, text.first?.isLetter == true {
                try refuse("'\(text)' is a Universal primary tooth; ref-segmented numbers permanent teeth 1–32 only")
            }
            try refuse("'\(text)' is not a Universal tooth number (1–32)")
        }
        do { return try ToothID(universal: n) } catch { try refuse(error.description) }
    }

    /// ASCII digits with an optional leading minus, no more than 9 (so no overflow).
    static func integer(_ s: String) -> Int? {
        let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    /// A finite decimal number (Swift's `Double(_:)` spelling; "nan", "inf" and hexadecimal are refused).
    static func decimal(_ s: String) -> Double? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let v = Double(s), v.isFinite else { return nil }
        return v
    }
}
