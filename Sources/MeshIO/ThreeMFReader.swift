import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PlanModel

/// Reads the XML of a 3MF 3D model part (3MF Core Specification 1.3) with a streaming parser: vertices
/// and triangles go straight into flat arrays. Refuses a DTD, a foreign root, required extensions,
/// malformed numbers, missing required attributes, out-of-range indices, references to objects not
/// defined before them (which also rules out component cycles) and an object that is its own component,
/// each with a `ThreeMFError` naming the element and line. Components are kept as written (object id
/// and transform); `ThreeMFModel.buildMesh()` resolves them. Elements of other namespaces (and
/// core material resources) are skipped: the geometry is what aligngate reads.
///
/// Tolerated rather than refused, so `mesh check` can say what is wrong: triangles with a repeated
/// corner (the specification forbids them; `MeshInspector` reports them as degenerate) and open meshes.
public enum ThreeMFReader {
    /// Parses the model part's bytes; `source` names the file and `part` the part in errors.
    public static func decode(_ data: Data, source: String, part: String? = ThreeMF.defaultModelPath) throws(ThreeMFError) -> ThreeMFModel {
        try XMLPrologue.check(data, source: source, part: part)
        // A stream, not XMLParser(data:): given one buffer, libxml2 stops at about 10 MB ("huge input
        // lookup", error 1), and full-arch models are larger; fed in chunks it parses any size.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        let handler = ModelHandler(source: source, part: part)
        parser.delegate = handler
        let ok = parser.parse()
        // A syntax error first (libxml2 recovers and may send events after it), then the handler's own.
        if let syntax = handler.syntaxError {
            throw ThreeMFError(source: source, part: part, line: syntax.line, reason: .notWellFormed(XMLPrologue.describe(code: syntax.code)))
        }
        if let failure = handler.failure { throw failure }
        guard ok else {
            let code = (parser.parserError as NSError?)?.code ?? 0
            let line = handler.reported.first { $0.code == code }?.line ?? handler.lastLine
            throw ThreeMFError(source: source, part: part, line: line, reason: .notWellFormed(XMLPrologue.describe(code: code)))
        }
        guard handler.sawRoot else { throw ThreeMFError(source: source, part: part, reason: .wrongRoot(found: "nothing")) }
        return handler.model
    }
}

/// The SAX handler: a stack of the core elements open, the object being read, and the model so far.
private final class ModelHandler: NSObject, XMLParserDelegate {
    enum Node { case model, metadata, resources, object, metadatagroup, mesh, vertices, triangles, components, build, item, leaf }

    let source: String
    let part: String?
    var model = ThreeMFModel(language: nil)
    var failure: ThreeMFError?
    var sawRoot = false
    /// The line of the last element event, to place errors the parser reports without one.
    var lastLine = 1
    /// Every problem the parser reported, with its line (warnings too: libxml2 reports them the same way).
    var reported: [(line: Int, code: Int)] = []
    /// The first well-formedness error; nothing after it is trusted.
    var syntaxError: (line: Int, code: Int)?

    private var stack: [Node] = []
    private var skipDepth = 0
    private var pendingNamespaces: [ThreeMFNamespace] = []
    private var objectIDs = Set<Int>()
    // The object being read.
    private var object: ThreeMFObject?
    private var positions: [Float] = []
    private var indices: [UInt32] = []
    private var components: [ThreeMFComponent] = []
    private var hasMesh = false
    private var hasComponents = false
    // The metadata element being read.
    private var metadata: ThreeMFMetadata?
    private var text = ""

    init(source: String, part: String?) {
        self.source = source
        self.part = part
    }

    func fail(_ parser: XMLParser, _ reason: ThreeMFError.Reason) {
        guard failure == nil else { return }
        failure = ThreeMFError(source: source, part: part, line: parser.lineNumber, reason: reason)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        let code = (parseError as NSError).code
        reported.append((parser.lineNumber, code))
        // libxml2's well-formedness errors are codes 1…89; its warnings (90…) and namespace notes (200…) are not fatal.
        if syntaxError == nil, (1...89).contains(code) { syntaxError = (parser.lineNumber, code) }
    }

    func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
        // Declarations reported before the root element are the model's.
        if !sawRoot && !prefix.isEmpty { pendingNamespaces.append(ThreeMFNamespace(prefix: prefix, uri: namespaceURI)) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard failure == nil, syntaxError == nil else { return }
        lastLine = parser.lineNumber
        if skipDepth > 0 { skipDepth += 1; return }
        // The hot path first: almost every element of a model is a vertex or a triangle.
        if let top = stack.last, top == .vertices || top == .triangles, namespaceURI == ThreeMF.coreNamespace {
            if top == .vertices && name == "vertex" { return vertex(parser, attributes) }
            if top == .triangles && name == "triangle" { return triangle(parser, attributes) }
        }
        guard sawRoot else { return startModel(parser, name, namespaceURI, attributes) }
        guard namespaceURI == ThreeMF.coreNamespace else { skipDepth = 1; return }
        let parent = stack.last ?? .model
        switch (parent, name) {
        case (.vertices, "vertex"): vertex(parser, attributes)
        case (.triangles, "triangle"): triangle(parser, attributes)
        case (.model, "metadata"), (.metadatagroup, "metadata"): startMetadata(parser, attributes)
        case (.model, "resources"): stack.append(.resources)
        case (.model, "build"): stack.append(.build)
        case (.resources, "object"): startObject(parser, attributes)
        case (.object, "metadatagroup"): stack.append(.metadatagroup)
        case (.object, "mesh") where !hasMesh && !hasComponents:
            hasMesh = true
            stack.append(.mesh)
        case (.mesh, "vertices"): stack.append(.vertices)
        case (.mesh, "triangles"): stack.append(.triangles)
        case (.object, "components") where !hasMesh && !hasComponents:
            hasComponents = true
            stack.append(.components)
        case (.components, "component"): component(parser, attributes)
        case (.build, "item"): item(parser, attributes)
        case (.item, "metadatagroup"): skipDepth = 1  // per-item metadata: not geometry
        default:
            if Self.structural.contains(name) {
                fail(parser, .misplacedElement(element: name, parent: Self.name(of: parent)))
            } else {
                skipDepth = 1  // material resources and later core additions: not geometry
            }
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, syntaxError == nil else { return }
        lastLine = parser.lineNumber
        if skipDepth > 0 { skipDepth -= 1; return }
        guard let node = stack.popLast() else { return }
        switch node {
        case .object: endObject(parser)
        case .metadata:
            if var m = metadata {
                m.value = text
                if stack.last == .metadatagroup { object?.metadata.append(m) } else { model.metadata.append(m) }
            }
            metadata = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if metadata != nil && skipDepth == 0 { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if metadata != nil && skipDepth == 0 { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    // MARK: - Elements

    private func startModel(_ parser: XMLParser, _ name: String, _ uri: String?, _ attributes: [String: String]) {
        guard name == "model", uri == ThreeMF.coreNamespace else {
            return fail(parser, .wrongRoot(found: "<\(name)> in namespace \(uri ?? "none")"))
        }
        sawRoot = true
        model.namespaces = pendingNamespaces
        if let unit = attributes["unit"] {
            guard let u = ThreeMFUnit(rawValue: unit) else {
                return fail(parser, .invalidAttribute(element: "model", attribute: "unit", text: unit,
                                                      expected: ThreeMFUnit.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            model.unit = u
        }
        model.language = attributes["xml:lang"] ?? attributes["lang"]
        // This reader implements the core specification only, so any required extension stops it.
        if let prefix = attributes["requiredextensions"]?.split(whereSeparator: \.isWhitespace).first {
            let uri = pendingNamespaces.first { $0.prefix == prefix }?.uri
            return fail(parser, .requiredExtension(uri.map { "\(prefix) (\($0))" } ?? String(prefix)))
        }
        stack.append(.model)
    }

    private func startObject(_ parser: XMLParser, _ a: [String: String]) {
        guard let id = resourceID(parser, "object", "id", a) else { return }
        guard objectIDs.insert(id).inserted else { return fail(parser, .duplicateObjectID(id)) }
        var type = ThreeMFObjectType.model
        if let t = a["type"] {
            guard let parsed = ThreeMFObjectType(rawValue: t) else {
                return fail(parser, .invalidAttribute(element: "object", attribute: "type", text: t,
                                                      expected: ThreeMFObjectType.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            type = parsed
        }
        object = ThreeMFObject(id: id, type: type, name: a["name"], partNumber: a["partnumber"], content: .components([]))
        positions = []
        indices = []
        components = []
        hasMesh = false
        hasComponents = false
        stack.append(.object)
    }

    private func endObject(_ parser: XMLParser) {
        guard var done = object else { return }
        if hasMesh {
            done.content = .mesh(TriangleMesh(positions: positions, indices: indices))
        } else if !components.isEmpty {
            done.content = .components(components)
        } else {
            return fail(parser, .emptyObject(done.id))
        }
        model.objects.append(done)
        object = nil
        positions = []
        indices = []
        components = []
    }

    private func vertex(_ parser: XMLParser, _ a: [String: String]) {
        guard let x = coordinate(parser, "x", a), let y = coordinate(parser, "y", a), let z = coordinate(parser, "z", a) else { return }
        guard positions.count / 3 < Int(Int32.max) else {
            return fail(parser, .invalidAttribute(element: "vertices", attribute: "count", text: "2^31", expected: "fewer than 2^31 vertices"))
        }
        positions.append(x)
        positions.append(y)
        positions.append(z)
        stack.append(.leaf)
    }

    private func triangle(_ parser: XMLParser, _ a: [String: String]) {
        let count = positions.count / 3
        // Unrolled: this runs once per triangle and must not allocate.
        guard let v1 = corner(parser, "v1", a, count), let v2 = corner(parser, "v2", a, count),
              let v3 = corner(parser, "v3", a, count) else { return }
        indices.append(v1)
        indices.append(v2)
        indices.append(v3)
        stack.append(.leaf)
    }

    private func corner(_ parser: XMLParser, _ key: String, _ a: [String: String], _ count: Int) -> UInt32? {
        guard let text = a[key] else { fail(parser, .missingAttribute(element: "triangle", attribute: key)); return nil }
        guard let v = ThreeMFNumber.index(text) else {
            fail(parser, .invalidAttribute(element: "triangle", attribute: key, text: text, expected: "a vertex index"))
            return nil
        }
        guard v < count else { fail(parser, .indexOutOfRange(index: v, vertexCount: count)); return nil }
        return UInt32(v)
    }

    private func component(_ parser: XMLParser, _ a: [String: String]) {
        guard let id = resourceID(parser, "component", "objectid", a) else { return }
        // Objects are defined before they are referenced, so the references cannot form a cycle; one
        // to the object being read is named as what it is.
        if id == object?.id { return fail(parser, .componentCycle(id)) }
        guard model.objects.contains(where: { $0.id == id }) else { return fail(parser, .unknownObject(id)) }
        let transform = transform(parser, "component", a)
        guard failure == nil else { return }
        components.append(ThreeMFComponent(objectID: id, transform: transform))
        stack.append(.leaf)
    }

    private func item(_ parser: XMLParser, _ a: [String: String]) {
        guard let id = resourceID(parser, "item", "objectid", a) else { return }
        guard model.objects.contains(where: { $0.id == id }) else { return fail(parser, .unknownObject(id)) }
        let transform = transform(parser, "item", a)
        guard failure == nil else { return }
        model.build.append(ThreeMFBuildItem(objectID: id, transform: transform, partNumber: a["partnumber"]))
        stack.append(.item)
    }

    private func startMetadata(_ parser: XMLParser, _ a: [String: String]) {
        guard let name = a["name"] else { return fail(parser, .missingAttribute(element: "metadata", attribute: "name")) }
        let preserve = a["preserve"].map { $0 == "1" || $0 == "true" } ?? false
        metadata = ThreeMFMetadata(name: name, value: "", preserve: preserve, type: a["type"])
        text = ""
        stack.append(.metadata)
    }

    // MARK: - Attributes

    private func coordinate(_ parser: XMLParser, _ key: String, _ a: [String: String]) -> Float? {
        guard let text = a[key] else { fail(parser, .missingAttribute(element: "vertex", attribute: key)); return nil }
        guard let v = ThreeMFNumber.float(text) else { fail(parser, .malformedNumber(element: "vertex", attribute: key, text: text)); return nil }
        return v
    }

    private func resourceID(_ parser: XMLParser, _ element: String, _ key: String, _ a: [String: String]) -> Int? {
        guard let text = a[key] else { fail(parser, .missingAttribute(element: element, attribute: key)); return nil }
        guard let id = ThreeMFNumber.index(text), id > 0 else {
            fail(parser, .invalidAttribute(element: element, attribute: key, text: text, expected: "a positive integer below 2^31"))
            return nil
        }
        return id
    }

    /// The optional transform attribute (nil when absent, or after a failure: callers check `failure`).
    private func transform(_ parser: XMLParser, _ element: String, _ a: [String: String]) -> ThreeMFTransform? {
        guard let text = a["transform"] else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        var values: [Double] = []
        for p in parts {
            guard let v = ThreeMFNumber.double(String(p)) else {
                fail(parser, .malformedNumber(element: element, attribute: "transform", text: String(p)))
                return nil
            }
            values.append(v)
        }
        guard let t = ThreeMFTransform(values: values) else {
            fail(parser, .invalidAttribute(element: element, attribute: "transform", text: text, expected: "12 numbers"))
            return nil
        }
        return t
    }

    /// Core element names whose place the schema fixes: one elsewhere is an error, not an extension.
    static let structural: Set<String> = ["model", "metadata", "resources", "object", "metadatagroup", "mesh", "vertices",
                                          "vertex", "triangles", "triangle", "components", "component", "build", "item"]

    static func name(of node: Node) -> String {
        switch node {
        case .model: "model"
        case .metadata: "metadata"
        case .resources: "resources"
        case .object: "object"
        case .metadatagroup: "metadatagroup"
        case .mesh: "mesh"
        case .vertices: "vertices"
        case .triangles: "triangles"
        case .components: "components"
        case .build: "build"
        case .item: "item"
        case .leaf: "an element without children"
        }
    }
}
