/// Why case.xml cannot be read: the element (and attribute) at fault, its line, and what is wrong.
struct CaseXMLError: Error, Equatable, CustomStringConvertible {
    /// The element's path, e.g. `arch[upper]/stage[3]/pose[8]`; empty for the whole document.
    var element: String
    /// The attribute at fault, if one is.
    var attribute: String?
    /// The line in case.xml (1-based), when known.
    var line: Int?
    var detail: String

    init(_ element: String, attribute: String? = nil, line: Int? = nil, _ detail: String) {
        self.element = element
        self.attribute = attribute
        self.line = line
        self.detail = detail
    }

    var description: String {
        var place = element.isEmpty ? "" : "<\(element)>"
        if let attribute { place += place.isEmpty ? "@\(attribute)" : " @\(attribute)" }
        if let line { place += place.isEmpty ? "line \(line)" : " (line \(line))" }
        return place.isEmpty ? detail : "\(place): \(detail)"
    }
}
