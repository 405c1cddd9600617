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
        try read(data, source: source, part: part).model
    }

    /// Parses the model part and returns, beside the model, the parts it names (for the package rules).
    static func read(_ data: Data, source: String, part: String?) throws(ThreeMFError) -> (model: ThreeMFModel, references: ThreeMFReferences) {
        let text = try XMLPrologue.utf8(data, source: source, part: part)
        let result = text.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<(ThreeMFModel, ThreeMFReferences), ThreeMFError> in
            Result { () throws(ThreeMFError) -> (ThreeMFModel, ThreeMFReferences) in
                var scanner = XMLScanner(raw, source: source, part: part, handler: ModelHandler())
                try scanner.scan()
                guard scanner.handler.sawRoot else { throw ThreeMFError(source: source, part: part, reason: .wrongRoot(found: "nothing")) }
                let rules = scanner.handler.rules
                // Judged once the whole document is known to be well formed.
                do throws(XMLRefusal) { try rules.endModel() } catch { throw ThreeMFError(source: source, part: part, reason: error.reason) }
                return (scanner.handler.model, ThreeMFReferences(textures: rules.groups.textures, thumbnails: rules.thumbnails))
            }
        }
        return try result.get()
    }
}

/// Parts a model names: `<texture2d>` paths and object thumbnails, which must exist in the package.
struct ThreeMFReferences {
    var textures: [(id: Int, path: String)] = []
    var thumbnails: [(id: Int, path: String)] = []
}

/// The scanner's handler: a stack of the core elements open, the object being read, and the model so far.
private struct ModelHandler: XMLScanHandler {
    enum Node { case model, metadata, resources, object, metadatagroup, mesh, vertices, triangles, components, build, item, group, leaf }

    static let core = Array(ThreeMF.coreNamespace.utf8)

    var model = ThreeMFModel(language: nil)
    var sawRoot = false
    /// The rules that need what was read before (ThreeMFModelRules.swift).
    var rules = ThreeMFModelRules()
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
        let parent = stack.last ?? .model
        if !isCore, parent == .resources || parent == .group, element.namespace == ThreeMFPropertyGroups.materialsNamespace {
            return try propertyElement(element.localName, parent, a, raw)
        }
        guard isCore else { skipDepth = 1; return }
        switch (parent, element.localName) {
        case (.vertices, "vertex"): try vertex(a, raw)
        case (.triangles, "triangle"): try triangle(a, raw)
        case (.model, "metadata"), (.metadatagroup, "metadata"): try startMetadata(a, raw)
        case (.model, "resources"):
            try rules.resources()
            stack.append(.resources)
        case (.model, "build"):
            rules.build()
            stack.append(.build)
        case (.resources, "basematerials"), (.group, "base"): try propertyElement(element.localName, parent, a, raw)
        case (.resources, "object"): try startObject(a, raw)
        case (.object, "metadatagroup"):
            rules.metadataGroup()
            stack.append(.metadatagroup)
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
        case .group: rules.groups.end()
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
            try Self.noWhitespace(unit, element: "model", attribute: "unit", valid: ThreeMFUnit(rawValue: unit.trimmingXMLWhitespace) != nil)
            guard let u = ThreeMFUnit(rawValue: unit) else {
                throw XMLRefusal(reason: .invalidAttribute(element: "model", attribute: "unit", text: unit,
                                                           expected: ThreeMFUnit.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            model.unit = u
        }
        model.language = a.string("xml:lang", raw) ?? a.string("lang", raw)
        // This reader implements the core specification and checks the Materials extension; any other
        // required extension stops it.
        if let required = a.string("requiredextensions", raw) { try rules.requiredExtensions(required, pendingNamespaces) }
        stack.append(.model)
    }

    private mutating func startObject(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let id = try resourceID("object", "id", a, raw)
        guard objectIDs.insert(id).inserted else { throw XMLRefusal(reason: .duplicateObjectID(id)) }
        if rules.groups.group(id) != nil {
            throw XMLRefusal(reason: .rule(.duplicateResourceID, "object id \(id) is already the id of a property resource"))
        }
        try rules.object(id: id, pid: a.string("pid", raw), pindex: a.string("pindex", raw), thumbnail: a.string("thumbnail", raw))
        var type = ThreeMFObjectType.model
        if let t = a.string("type", raw) {
            try Self.noWhitespace(t, element: "object", attribute: "type", valid: ThreeMFObjectType(rawValue: t.trimmingXMLWhitespace) != nil)
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
        try rules.endObject(id: done.id, type: done.type, components: hasMesh ? nil : components)
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
        if a.count > 3 { try rules.triangle(pid: a.string("pid", raw), p: [a.string("p1", raw), a.string("p2", raw), a.string("p3", raw)]) }
        stack.append(.leaf)
    }

    private func corner(_ key: StaticString, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer, _ count: Int) throws(XMLRefusal) -> UInt32 {
        try a.with(key, raw) { bytes throws(XMLRefusal) in
            guard let bytes else { throw XMLRefusal(reason: .missingAttribute(element: "triangle", attribute: "\(key)")) }
            guard let v = ThreeMFNumber.index(bytes) else {
                try Self.innerWhitespace(bytes, "triangle", "\(key)")
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
        try rules.item(id)
        let transform = try transform("item", a, raw)
        model.build.append(ThreeMFBuildItem(objectID: id, transform: transform, partNumber: a.string("partnumber", raw)))
        stack.append(.item)
    }

    private mutating func startMetadata(_ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        guard let name = a.string("name", raw) else { throw XMLRefusal(reason: .missingAttribute(element: "metadata", attribute: "name")) }
        try rules.metadata(name.trimmingXMLWhitespace, inGroup: stack.last == .metadatagroup, model.namespaces)
        let preserve = a.string("preserve", raw).map { $0 == "1" || $0 == "true" } ?? false
        metadata = ThreeMFMetadata(name: name, value: "", preserve: preserve, type: a.string("type", raw))
        text = []
        stack.append(.metadata)
    }

    /// A property group under `<resources>` or an entry inside one (ThreeMFPropertyGroups.swift).
    private mutating func propertyElement(_ name: String, _ parent: Node, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        if parent == .group {
            try rules.groups.entry(name, a, raw)
            stack.append(.leaf)
            return
        }
        let id = try resourceID(name, "id", a, raw)
        if objectIDs.contains(id) { throw XMLRefusal(reason: .rule(.duplicateResourceID, "resource id \(id) of <\(name)> is already an object's")) }
        try rules.groups.start(name, id: id, a, raw)
        stack.append(.group)
    }

    /// An attribute of a type derived from xs:string by enumeration: whitespace around a valid value is
    /// the whitespace rule broken, not an unknown value.
    static func noWhitespace(_ text: String, element: String, attribute: String, valid: Bool) throws(XMLRefusal) {
        if valid, text != text.trimmingXMLWhitespace {
            throw XMLRefusal(reason: .rule(.attributeWhitespace, "<\(element)> \(attribute)=\"\(text)\" (no whitespace is allowed in this value)"))
        }
    }

    // MARK: - Attributes

    /// Refuses a number with whitespace inside it under the whitespace rule (3MF Core §2.3.4).
    static func innerWhitespace(_ bytes: UnsafeRawBufferPointer, _ element: String, _ attribute: String) throws(XMLRefusal) {
        guard ThreeMFNumber.hasInnerWhitespace(bytes) else { return }
        throw XMLRefusal(reason: .rule(.attributeWhitespace, "<\(element)> \(attribute)=\"\(String(decoding: bytes, as: UTF8.self))\" has whitespace inside a number"))
    }

    private func coordinate(_ key: StaticString, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) -> Float {
        try a.with(key, raw) { bytes throws(XMLRefusal) in
            guard let bytes else { throw XMLRefusal(reason: .missingAttribute(element: "vertex", attribute: "\(key)")) }
            guard let v = ThreeMFNumber.float(bytes) else {
                try Self.innerWhitespace(bytes, "vertex", "\(key)")
                throw XMLRefusal(reason: .malformedNumber(element: "vertex", attribute: "\(key)", text: String(decoding: bytes, as: UTF8.self)))
            }
            return v
        }
    }

    private func resourceID(_ element: String, _ key: StaticString, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) -> Int {
        try a.with(key, raw) { bytes throws(XMLRefusal) in
            guard let bytes else { throw XMLRefusal(reason: .missingAttribute(element: element, attribute: "\(key)")) }
            guard let id = ThreeMFNumber.index(bytes), id > 0 else {
                try Self.innerWhitespace(bytes, element, "\(key)")
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
        case .group: "a property group"
        case .leaf: "an element without children"
        }
    }
}
