import Foundation

/// The two kinds of OPC part a 3MF consumer reads besides the model: `[Content_Types].xml` and the
/// relationship parts (`_rels/.rels`, `3D/_rels/3dmodel.model.rels`), read with MeshIO's `XMLScanner`.
enum OPC {
    static let contentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// One child element of the part's root: its local name and attributes (decoded).
    struct Element {
        var name: String
        var attributes: [String: String]
    }

    /// The children of the root element, which must be `root` in `namespace`; others are skipped.
    static func elements(_ data: Data, root: String, namespace: String, source: String, part: String) throws(ThreeMFError) -> [Element] {
        let text = try XMLPrologue.utf8(data, source: source, part: part)
        let result = text.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<[Element], ThreeMFError> in
            Result { () throws(ThreeMFError) -> [Element] in
                var scanner = XMLScanner(raw, source: source, part: part, handler: FlatHandler(root: root, namespace: Array(namespace.utf8)))
                try scanner.scan()
                return scanner.handler.elements
            }
        }
        return try result.get()
    }
}

/// Collects the root's direct children in the OPC namespace; refuses another root.
private struct FlatHandler: XMLScanHandler {
    let root: String
    let namespace: [UInt8]
    var elements: [OPC.Element] = []
    private var depth = 0

    init(root: String, namespace: [UInt8]) {
        self.root = root
        self.namespace = namespace
    }

    var wantsText: Bool { false }
    mutating func rootNamespace(prefix: String, uri: String) {}

    mutating func start(_ element: XMLElement, _ attributes: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        defer { depth += 1 }
        let inNamespace = element.namespace == namespace
        if depth == 0 {
            guard inNamespace, element.localName == root else {
                let uri = element.namespace.isEmpty ? "none" : String(decoding: element.namespace, as: UTF8.self)
                throw XMLRefusal(reason: .wrongRoot(found: "<\(element.localName)> in namespace \(uri)"))
            }
        } else if depth == 1, inNamespace {
            var values: [String: String] = [:]
            for index in 0..<attributes.count {
                values[String(decoding: attributes.name(index, raw), as: UTF8.self)] = String(decoding: attributes.value(index, raw), as: UTF8.self)
            }
            elements.append(OPC.Element(name: element.localName, attributes: values))
        }
    }

    mutating func end() throws(XMLRefusal) { depth -= 1 }
    mutating func text(_ bytes: [UInt8]) throws(XMLRefusal) {}
}

/// `[Content_Types].xml`: defaults by extension and overrides by part name, both case-insensitive.
struct OPCContentTypes {
    var defaults: [String: String] = [:]
    var overrides: [String: String] = [:]

    init(_ data: Data, source: String) throws(ThreeMFError) {
        for element in try OPC.elements(data, root: "Types", namespace: OPC.contentTypesNamespace, source: source, part: ThreeMF.contentTypesPath) {
            switch element.name {
            case "Default":
                if let ext = element.attributes["Extension"], let type = element.attributes["ContentType"] { defaults[ext.lowercased()] = type }
            case "Override":
                if let name = element.attributes["PartName"], let type = element.attributes["ContentType"] {
                    overrides[OPCPartName.key(name)] = type
                }
            default: break
            }
        }
    }

    /// The content type of the part at `path` (no leading "/"): its override, else its extension's default.
    func type(of path: String) -> String? {
        if let override = overrides[OPCPartName.key(path)] { return override }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return defaults[path[path.index(after: dot)...].lowercased()]
    }
}

/// One `<Relationship>` of a relationships part, its target resolved against the source part.
struct OPCRelationship {
    var id: String
    var type: String
    /// The target as written.
    var target: String
    /// The part it names (no leading "/"), nil for an external target or one that is no part name.
    var part: String?
    var isExternal: Bool
}

/// Part names: absolute, compared case-insensitively (OPC §9.1.1.1), stored without the leading "/".
enum OPCPartName {
    /// The comparison key of a part name or path.
    static func key(_ name: String) -> String {
        (name.hasPrefix("/") ? String(name.dropFirst()) : name).lowercased()
    }

    /// `target` resolved against the folder of `source` (nil for the package root): the part path, or
    /// nil when it leaves the package, is empty, or has an empty or "."-led segment (3MF Core §2.2).
    static func resolve(_ target: String, from source: String?) -> String? {
        let withoutFragment = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var segments: [Substring] = []
        if !withoutFragment.hasPrefix("/"), let source {
            segments = Array(source.split(separator: "/", omittingEmptySubsequences: false).dropLast())
        }
        for segment in withoutFragment.split(separator: "/", omittingEmptySubsequences: false).drop(while: { $0.isEmpty && segments.isEmpty }) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else { return nil }
        return segments.joined(separator: "/")
    }

    /// The source part of a relationships part ("3D/_rels/x.model.rels" → "3D/x.model"; "_rels/.rels" → nil),
    /// or nil when `path` is no relationships part name at all.
    static func relationshipsSource(_ path: String) -> (isRelationships: Bool, source: String?) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[parts.count - 2] == "_rels", let file = parts.last, file.lowercased().hasSuffix(".rels") else {
            return (false, nil)
        }
        let name = file.dropLast(5)
        if name.isEmpty && parts.count == 2 { return (true, nil) }
        return (true, (parts.dropLast(2) + [name]).joined(separator: "/"))
    }
}

extension OPCRelationship {
    /// The relationships of the part `path` (a `_rels/*.rels` part), targets resolved against its source.
    static func read(_ data: Data, path: String, source: String) throws(ThreeMFError) -> [OPCRelationship] {
        let from = OPCPartName.relationshipsSource(path).source
        return try OPC.elements(data, root: "Relationships", namespace: OPC.relationshipsNamespace, source: source, part: path)
            .filter { $0.name == "Relationship" }
            .map { element in
                let target = element.attributes["Target"] ?? ""
                let external = element.attributes["TargetMode"] == "External"
                return OPCRelationship(id: element.attributes["Id"] ?? "", type: element.attributes["Type"] ?? "", target: target,
                                       part: external ? nil : OPCPartName.resolve(target, from: from), isExternal: external)
            }
    }
}
