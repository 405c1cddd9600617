import Foundation
import PlanModel

/// Reads the XML of a 3MF 3D model part (3MF Core Specification 1.3) with `XMLScanner`, a byte-level
/// scanner: vertices and triangles go straight from the bytes into flat arrays, numbers are parsed in
/// place. Refuses a DTD, a foreign root, required extensions, malformed numbers, missing required
/// attributes, out-of-range indices, references to objects not defined before them (which also rules
/// out component cycles) and an object that is its own component, each with a `ThreeMFError` naming
/// the element and line. Components are kept as written (object id and transform);
/// `ThreeMFModel.buildMesh()` resolves them. Elements of other namespaces (and core material
/// resources) are skipped: the geometry is what aligngate reads.
///
/// Tolerated rather than refused, so `mesh check` can say what is wrong: triangles with a repeated
/// corner (the specification forbids them; `MeshInspector` reports them as degenerate) and open meshes.
public enum ThreeMFReader {
    /// Parses the model part's bytes; `source` names the file and `part` the part in errors.
    public static func decode(_ data: Data, source: String, part: String? = ThreeMF.defaultModelPath) throws(ThreeMFError) -> ThreeMFModel {
        try XMLPrologue.check(data, source: source, part: part)
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<ThreeMFModel, ThreeMFError> in
            Result { () throws(ThreeMFError) -> ThreeMFModel in
                var scanner = XMLScanner(raw, source: source, part: part, handler: ModelHandler())
                try scanner.scan()
                guard scanner.handler.sawRoot else { throw ThreeMFError(source: source, part: part, reason: .wrongRoot(found: "nothing")) }
                return scanner.handler.model
            }
        }
        return try result.get()
    }
}

/// The scanner's handler: a stack of the core elements open, the object being read, and the model so far.
private struct ModelHandler: XMLScanHandler {
    enum Node { case model, metadata, resources, object, metadatagroup, mesh, vertices, triangles, components, build, item, leaf }

    static let core = Array(ThreeMF.coreNamespace.utf8)

    var model = ThreeMFModel(language: nil)
    var sawRoot = false
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
    private var text: [UInt8] = []

    var wantsText: Bool { metadata != nil && skipDepth == 0 }

    mutating func rootNamespace(prefix: String, uri: String) {
        pendingNamespaces.append(ThreeMFNamespace(prefix: prefix, uri: uri))
    }

    mutating func start(_ element: XMLElement, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        if skipDepth > 0 { skipDepth += 1; return }
        let isCore = element.namespace.withUnsafeBytes { uri in
            Self.core.withUnsafeBytes { core in
                guard uri.count == core.count, let u = uri.baseAddress, let c = core.baseAddress else { return false }
                return memcmp(u, c, uri.count) == 0
            }
        }
        // The hot path first: almost every element of a model is a vertex or a triangle.
        if let top = stack.last, top == .vertices || top == .triangles, isCore {
            if top == .vertices && element.isNamed("vertex") { return try vertex(a, raw) }
            if top == .triangles && element.isNamed("triangle") { return try triangle(a, raw) }
        }
        guard sawRoot else { return try startModel(element, isCore, a, raw) }
        guard isCore else { skipDepth = 1; return }
        let parent = stack.last ?? .model
        switch (parent, element.localName) {
        case (.vertices, "vertex"): try vertex(a, raw)
        case (.triangles, "triangle"): try triangle(a, raw)
        case (.model, "metadata"), (.metadatagroup, "metadata"): try startMetadata(a, raw)
        case (.model, "resources"): stack.append(.resources)
        case (.model, "build"): stack.append(.build)
        case (.resources, "object"): try startObject(a, raw)
        case (.object, "metadatagroup"): stack.append(.metadatagroup)
        case (.object, "mesh") where !hasMesh && !hasComponents:
            hasMesh = true
            stack.append(.mesh)
        case (.mesh, "vertices"): stack.append(.vertices)
        case (.mesh, "triangles"): stack.append(.triangles)
        case (.object, "components") where !hasMesh && !hasComponents:
            hasComponents = true
            stack.append(.components)
        case (.components, "component"): try component(a, raw)
        case (.build, "item"): try item(a, raw)
        case (.item, "metadatagroup"): skipDepth = 1  // per-item metadata: not geometry
        case (_, let name):
            if Self.structural.contains(name) {
                throw XMLRefusal(reason: .misplacedElement(element: name, parent: Self.name(of: parent)))
            }
            skipDepth = 1  // material resources and later core additions: not geometry
        }
    }

    mutating func end() throws(XMLRefusal) {
        if skipDepth > 0 { skipDepth -= 1; return }
        guard let node = stack.popLast() else { return }
        switch node {
        case .object: try endObject()
        case .metadata:
            if var m = metadata {
                m.value = String(decoding: text, as: UTF8.self)
                if stack.last == .metadatagroup { object?.metadata.append(m) } else { model.metadata.append(m) }
            }
            metadata = nil
        default: break
        }
    }

    mutating func text(_ bytes: [UInt8]) throws(XMLRefusal) {
        if metadata != nil && skipDepth == 0 { text += bytes }
    }

    // Inside <vertices> or <triangles> (core, not skipped): ThreeMFMeshRun reads the plain elements in bulk.
    var readsRun: Bool { skipDepth == 0 && (stack.last == .vertices || stack.last == .triangles) }

    mutating func readRun(_ raw: UnsafeRawBufferPointer, from: Int, defaultNamespace: [UInt8]) -> Int {
        guard defaultNamespace == Self.core else { return from }
        if stack.last == .vertices { return ThreeMFMeshRun.vertices(raw, from: from, into: &positions) }
        return ThreeMFMeshRun.triangles(raw, from: from, vertexCount: positions.count / 3, into: &indices)
    }

    // MARK: - Elements

    private mutating func startModel(_ element: XMLElement, _ isCore: Bool, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        guard element.isNamed("model"), isCore else {
            let uri = element.namespace.isEmpty ? "none" : String(decoding: element.namespace, as: UTF8.self)
            throw XMLRefusal(reason: .wrongRoot(found: "<\(element.localName)> in namespace \(uri)"))
        }
        sawRoot = true
        model.namespaces = pendingNamespaces
        if let unit = a.string("unit", raw) {
            guard let u = ThreeMFUnit(rawValue: unit) else {
                throw XMLRefusal(reason: .invalidAttribute(element: "model", attribute: "unit", text: unit,
                                                           expected: ThreeMFUnit.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            model.unit = u
        }
        model.language = a.string("xml:lang", raw) ?? a.string("lang", raw)
        // This reader implements the core specification only, so any required extension stops it.
        if let prefix = a.string("requiredextensions", raw)?.split(whereSeparator: \.isWhitespace).first {
            let uri = pendingNamespaces.first { $0.prefix == prefix }?.uri
            throw XMLRefusal(reason: .requiredExtension(uri.map { "\(prefix) (\($0))" } ?? String(prefix)))
        }
        stack.append(.model)
    }

    private mutating func startObject(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let id = try resourceID("object", "id", a, raw)
        guard objectIDs.insert(id).inserted else { throw XMLRefusal(reason: .duplicateObjectID(id)) }
        var type = ThreeMFObjectType.model
        if let t = a.string("type", raw) {
            guard let parsed = ThreeMFObjectType(rawValue: t) else {
                throw XMLRefusal(reason: .invalidAttribute(element: "object", attribute: "type", text: t,
                                                           expected: ThreeMFObjectType.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            type = parsed
        }
        object = ThreeMFObject(id: id, type: type, name: a.string("name", raw), partNumber: a.string("partnumber", raw), content: .components([]))
        positions = []
        indices = []
        components = []
        hasMesh = false
        hasComponents = false
        stack.append(.object)
    }

    private mutating func endObject() throws(XMLRefusal) {
        guard var done = object else { return }
        if hasMesh {
            done.content = .mesh(TriangleMesh(positions: positions, indices: indices))
        } else if !components.isEmpty {
            done.content = .components(components)
        } else {
            throw XMLRefusal(reason: .emptyObject(done.id))
        }
        model.objects.append(done)
        object = nil
        positions = []
        indices = []
        components = []
    }

    private mutating func vertex(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let x = try coordinate("x", a, raw), y = try coordinate("y", a, raw), z = try coordinate("z", a, raw)
        guard positions.count / 3 < Int(Int32.max) else {
            throw XMLRefusal(reason: .invalidAttribute(element: "vertices", attribute: "count", text: "2^31", expected: "fewer than 2^31 vertices"))
        }
        positions.append(x)
        positions.append(y)
        positions.append(z)
        stack.append(.leaf)
    }

    private mutating func triangle(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let count = positions.count / 3
        let v1 = try corner("v1", a, raw, count), v2 = try corner("v2", a, raw, count), v3 = try corner("v3", a, raw, count)
        indices.append(v1)
        indices.append(v2)
        indices.append(v3)
        stack.append(.leaf)
    }

    private func corner(_ key: StaticString, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer, _ count: Int) throws(XMLRefusal) -> UInt32 {
        try a.with(key, raw) { bytes throws(XMLRefusal) in
            guard let bytes else { throw XMLRefusal(reason: .missingAttribute(element: "triangle", attribute: "\(key)")) }
            guard let v = ThreeMFNumber.index(bytes) else {
                throw XMLRefusal(reason: .invalidAttribute(element: "triangle", attribute: "\(key)", text: String(decoding: bytes, as: UTF8.self),
                                                           expected: "a vertex index"))
            }
            guard v < count else { throw XMLRefusal(reason: .indexOutOfRange(index: v, vertexCount: count)) }
            return UInt32(v)
        }
    }

    private mutating func component(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let id = try resourceID("component", "objectid", a, raw)
        // Objects are defined before they are referenced, so the references cannot form a cycle; one
        // to the object being read is named as what it is.
        if id == object?.id { throw XMLRefusal(reason: .componentCycle(id)) }
        guard objectIDs.contains(id), model.objects.contains(where: { $0.id == id }) else { throw XMLRefusal(reason: .unknownObject(id)) }
        let transform = try transform("component", a, raw)
        components.append(ThreeMFComponent(objectID: id, transform: transform))
        stack.append(.leaf)
    }

    private mutating func item(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let id = try resourceID("item", "objectid", a, raw)
        guard model.objects.contains(where: { $0.id == id }) else { throw XMLRefusal(reason: .unknownObject(id)) }
        let transform = try transform("item", a, raw)
        model.build.append(ThreeMFBuildItem(objectID: id, transform: transform, partNumber: a.string("partnumber", raw)))
        stack.append(.item)
    }

    private mutating func startMetadata(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        guard let name = a.string("name", raw) else { throw XMLRefusal(reason: .missingAttribute(element: "metadata", attribute: "name")) }
        let preserve = a.string("preserve", raw).map { $0 == "1" || $0 == "true" } ?? false
        metadata = ThreeMFMetadata(name: name, value: "", preserve: preserve, type: a.string("type", raw))
        text = []
        stack.append(.metadata)
    }

    // MARK: - Attributes

    private func coordinate(_ key: StaticString, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) -> Float {
        try a.with(key, raw) { bytes throws(XMLRefusal) in
            guard let bytes else { throw XMLRefusal(reason: .missingAttribute(element: "vertex", attribute: "\(key)")) }
            guard let v = ThreeMFNumber.float(bytes) else {
                throw XMLRefusal(reason: .malformedNumber(element: "vertex", attribute: "\(key)", text: String(decoding: bytes, as: UTF8.self)))
            }
            return v
        }
    }

    private func resourceID(_ element: String, _ key: StaticString, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) -> Int {
        try a.with(key, raw) { bytes throws(XMLRefusal) in
            guard let bytes else { throw XMLRefusal(reason: .missingAttribute(element: element, attribute: "\(key)")) }
            guard let id = ThreeMFNumber.index(bytes), id > 0 else {
                throw XMLRefusal(reason: .invalidAttribute(element: element, attribute: "\(key)", text: String(decoding: bytes, as: UTF8.self),
                                                           expected: "a positive integer below 2^31"))
            }
            return id
        }
    }

    /// The optional transform attribute (nil when absent).
    private func transform(_ element: String, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) -> ThreeMFTransform? {
        guard let text = a.string("transform", raw) else { return nil }
        var values: [Double] = []
        for p in text.split(whereSeparator: \.isWhitespace) {
            guard let v = ThreeMFNumber.double(String(p)) else {
                throw XMLRefusal(reason: .malformedNumber(element: element, attribute: "transform", text: String(p)))
            }
            values.append(v)
        }
        guard let t = ThreeMFTransform(values: values) else {
            throw XMLRefusal(reason: .invalidAttribute(element: element, attribute: "transform", text: text, expected: "12 numbers"))
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
