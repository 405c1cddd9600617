import PlanModel

/// Names fixed by the 3MF Core Specification (1.3) and the Open Packaging Conventions it builds on.
public enum ThreeMF {
    /// The core namespace of the 3D model part.
    public static let coreNamespace = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"
    /// The Materials and Properties Extension's namespace (its rules are checked when a file uses it).
    public static let materialsNamespace = "http://schemas.microsoft.com/3dmanufacturing/material/2015/02"
    /// Content type of the 3D model part.
    public static let modelContentType = "application/vnd.ms-package.3dmanufacturing-3dmodel+xml"
    /// Content type of OPC relationship parts.
    public static let relationshipsContentType = "application/vnd.openxmlformats-package.relationships+xml"
    /// Relationship type from the package root to the 3D model part.
    public static let modelRelationshipType = "http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"
    /// Where producers usually put the model part (the root relationship says where it really is).
    public static let defaultModelPath = "3D/3dmodel.model"
    /// The OPC content-types part.
    public static let contentTypesPath = "[Content_Types].xml"
    /// The package-root relationships part.
    public static let relationshipsPath = "_rels/.rels"
    /// Metadata names the specification defines; any other name must carry a declared namespace prefix.
    public static let wellKnownMetadataNames: Set<String> = [
        "Title", "Designer", "Description", "Copyright", "LicenseTerms", "Rating", "CreationDate",
        "ModificationDate", "Application",
    ]
}

/// The content of a 3MF 3D model part (`3D/3dmodel.model`): units, metadata, object resources and the
/// build. Only the core specification; extension content is skipped when read and never written.
public struct ThreeMFModel: Sendable, Hashable {
    public var unit: ThreeMFUnit
    /// `xml:lang` of the model ("und" when unknown, per the specification); nil writes none.
    public var language: String?
    /// Namespaces declared on `<model>` besides the core one, e.g. `ag` → a vendor's metadata namespace.
    public var namespaces: [ThreeMFNamespace]
    /// Model-level metadata, in document order.
    public var metadata: [ThreeMFMetadata]
    /// Object resources, in document order (an object is defined before it is referenced).
    public var objects: [ThreeMFObject]
    /// What is to be manufactured, in document order.
    public var build: [ThreeMFBuildItem]

    public init(unit: ThreeMFUnit = .millimeter, language: String? = "en-US", namespaces: [ThreeMFNamespace] = [],
                metadata: [ThreeMFMetadata] = [], objects: [ThreeMFObject] = [], build: [ThreeMFBuildItem] = []) {
        self.unit = unit
        self.language = language
        self.namespaces = namespaces
        self.metadata = metadata
        self.objects = objects
        self.build = build
    }

    /// The object with resource id `id`.
    public func object(id: Int) -> ThreeMFObject? { objects.first { $0.id == id } }

    /// The value of the model metadata called `name` exactly as written (e.g. "Title", "ag:case").
    public func metadataValue(_ name: String) -> String? { metadata.first { $0.name == name }?.value }

    /// The value of the model metadata `localName` in namespace `uri`, whatever prefix the file binds it to.
    public func metadataValue(namespace uri: String, localName: String) -> String? {
        let prefixes = Set(namespaces.filter { $0.uri == uri }.map(\.prefix))
        return metadata.first { m in
            guard let colon = m.name.firstIndex(of: ":") else { return false }
            return prefixes.contains(String(m.name[..<colon])) && m.name[m.name.index(after: colon)...] == localName
        }?.value
    }

    /// Total triangles of the mesh objects.
    public var triangleCount: Int { objects.reduce(0) { $0 + ($1.mesh?.triangleCount ?? 0) } }
}

/// A namespace declaration on `<model>`: `xmlns:prefix="uri"`.
public struct ThreeMFNamespace: Sendable, Hashable {
    public var prefix: String
    public var uri: String

    public init(prefix: String, uri: String) {
        self.prefix = prefix
        self.uri = uri
    }
}

/// One `<metadata>` element: a well-known name or `prefix:name` in a declared namespace.
public struct ThreeMFMetadata: Sendable, Hashable {
    /// The name as written (an `xs:QName`).
    public var name: String
    public var value: String
    /// Whether a consumer that edits the file should keep the value.
    public var preserve: Bool
    /// The XML type of the value (`xs:string` when nil).
    public var type: String?

    public init(name: String, value: String, preserve: Bool = false, type: String? = nil) {
        self.name = name
        self.value = value
        self.preserve = preserve
        self.type = type
    }
}

/// The unit every coordinate of a model is in.
public enum ThreeMFUnit: String, Sendable, Hashable, CaseIterable {
    case micron, millimeter, centimeter, inch, foot, meter

    /// Millimetres per unit.
    public var millimetres: Double {
        switch self {
        case .micron: 0.001
        case .millimeter: 1
        case .centimeter: 10
        case .inch: 25.4
        case .foot: 304.8
        case .meter: 1000
        }
    }
}

/// What an object is for (`type` attribute).
public enum ThreeMFObjectType: String, Sendable, Hashable, CaseIterable {
    case model, support, solidsupport, surface, other
}

/// An object resource: a mesh, or components (other objects placed by transforms).
public struct ThreeMFObject: Sendable, Hashable {
    /// The resource id (a positive integer, unique in the model).
    public var id: Int
    public var type: ThreeMFObjectType
    public var name: String?
    public var partNumber: String?
    /// The object's `<metadatagroup>`.
    public var metadata: [ThreeMFMetadata]
    public var content: Content

    /// A mesh or a list of components.
    public enum Content: Sendable, Hashable {
        case mesh(TriangleMesh)
        case components([ThreeMFComponent])
    }

    public init(id: Int, type: ThreeMFObjectType = .model, name: String? = nil, partNumber: String? = nil,
                metadata: [ThreeMFMetadata] = [], content: Content) {
        self.id = id
        self.type = type
        self.name = name
        self.partNumber = partNumber
        self.metadata = metadata
        self.content = content
    }

    /// A mesh object.
    public init(id: Int, name: String?, mesh: TriangleMesh, type: ThreeMFObjectType = .model) {
        self.init(id: id, type: type, name: name, content: .mesh(mesh))
    }

    /// The mesh, for a mesh object.
    public var mesh: TriangleMesh? {
        if case let .mesh(m) = content { return m }
        return nil
    }

    /// The components, for a components object (empty otherwise).
    public var components: [ThreeMFComponent] {
        if case let .components(c) = content { return c }
        return []
    }
}

/// One `<component>`: another object placed inside this one.
public struct ThreeMFComponent: Sendable, Hashable {
    public var objectID: Int
    /// nil = identity.
    public var transform: ThreeMFTransform?

    public init(objectID: Int, transform: ThreeMFTransform? = nil) {
        self.objectID = objectID
        self.transform = transform
    }
}

/// One build `<item>`: an object to manufacture, placed by an optional transform.
public struct ThreeMFBuildItem: Sendable, Hashable {
    public var objectID: Int
    /// nil = identity.
    public var transform: ThreeMFTransform?
    public var partNumber: String?

    public init(objectID: Int, transform: ThreeMFTransform? = nil, partNumber: String? = nil) {
        self.objectID = objectID
        self.transform = transform
        self.partNumber = partNumber
    }
}
