import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The two Open Packaging Conventions parts every 3MF package needs beside its model part:
/// `[Content_Types].xml` (what each part is) and `_rels/.rels` (which part is the 3D model). Only the
/// XML: zipping the package is the caller's business (MeshIO does no archive I/O).
public enum ThreeMFPackage {
    static let contentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// `[Content_Types].xml`: relationship parts and `.model` parts by extension.
    public static func contentTypesXML() -> Data {
        Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Types xmlns="\(contentTypesNamespace)">
         <Default Extension="rels" ContentType="\(ThreeMF.relationshipsContentType)"/>
         <Default Extension="model" ContentType="\(ThreeMF.modelContentType)"/>
        </Types>

        """.utf8)
    }

    /// `_rels/.rels`: one relationship, "rel0", from the package root to the model part.
    public static func relationshipsXML(modelPath: String = ThreeMF.defaultModelPath) -> Data {
        Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="\(relationshipsNamespace)">
         <Relationship Target="/\(modelPath)" Id="rel0" Type="\(ThreeMF.modelRelationshipType)"/>
        </Relationships>

        """.utf8)
    }

    /// The model part's path inside the package (no leading "/"), from the root relationships part.
    public static func modelPath(relationships data: Data, source: String) throws(ThreeMFError) -> String {
        let part = ThreeMF.relationshipsPath
        let elements = try PartElements.read(data, root: "Relationships", namespace: relationshipsNamespace, source: source, part: part)
        let models = elements.filter { $0.name == "Relationship" && $0.attributes["Type"] == ThreeMF.modelRelationshipType }
        guard models.count == 1, let target = models[0].attributes["Target"] else {
            throw ThreeMFError(source: source, part: part, reason: .packageRule(
                models.isEmpty ? "no relationship of type \(ThreeMF.modelRelationshipType) names the 3D model part"
                    : models.count > 1 ? "more than one 3D model relationship" : "the 3D model relationship has no Target"))
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : target
        guard !path.isEmpty, !path.split(separator: "/").contains("..") else {
            throw ThreeMFError(source: source, part: part, reason: .packageRule("the 3D model Target '\(target)' is not a part path"))
        }
        return path
    }

    /// Checks `[Content_Types].xml` gives relationship parts and the model part their content types
    /// (by extension, or for the model part also by an Override); part names compare case-insensitively.
    public static func checkContentTypes(_ data: Data, modelPath: String, source: String) throws(ThreeMFError) {
        let part = ThreeMF.contentTypesPath
        let elements = try PartElements.read(data, root: "Types", namespace: contentTypesNamespace, source: source, part: part)
        func type(extension ext: String) -> String? {
            elements.first { $0.name == "Default" && $0.attributes["Extension"]?.lowercased() == ext.lowercased() }?.attributes["ContentType"]
        }
        let override = elements.first { $0.name == "Override" && $0.attributes["PartName"]?.lowercased() == "/" + modelPath.lowercased() }
        let ext = modelPath.split(separator: ".").last.map(String.init) ?? ""
        let modelType = override?.attributes["ContentType"] ?? type(extension: ext)
        guard modelType == ThreeMF.modelContentType else {
            throw ThreeMFError(source: source, part: part, reason: .packageRule(
                "the model part /\(modelPath) has content type \(modelType ?? "none"), not \(ThreeMF.modelContentType)"))
        }
        guard type(extension: "rels") == ThreeMF.relationshipsContentType else {
            throw ThreeMFError(source: source, part: part, reason: .packageRule(
                "relationship parts (.rels) are not given the content type \(ThreeMF.relationshipsContentType)"))
        }
    }
}

/// The elements of a small OPC part, flat: enough for content types and relationships.
private final class PartElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
    }

    let root: String
    let namespace: String
    var elements: [Element] = []
    var rootSeen: String?

    init(root: String, namespace: String) {
        self.root = root
        self.namespace = namespace
    }

    static func read(_ data: Data, root: String, namespace: String, source: String, part: String) throws(ThreeMFError) -> [Element] {
        try XMLPrologue.check(data, source: source, part: part)
        // A stream, not XMLParser(data:): given one buffer, libxml2 stops at about 10 MB ("huge input
        // lookup", error 1), and full-arch models are larger; fed in chunks it parses any size.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let handler = PartElements(root: root, namespace: namespace)
        parser.delegate = handler
        guard parser.parse() else {
            throw ThreeMFError(source: source, part: part, line: parser.lineNumber,
                               reason: .notWellFormed(XMLPrologue.describe(parser.parserError)))
        }
        guard handler.rootSeen == root else {
            throw ThreeMFError(source: source, part: part, reason: .wrongRoot(found: handler.rootSeen.map { "<\($0)>" } ?? "nothing"))
        }
        return handler.elements
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if rootSeen == nil {
            rootSeen = namespaceURI == namespace ? name : "\(name) in namespace \(namespaceURI ?? "none")"
        } else if namespaceURI == namespace {
            elements.append(Element(name: name, attributes: attributes))
        }
    }
}
