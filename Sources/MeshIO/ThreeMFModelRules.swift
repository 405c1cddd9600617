/// The model-part rules a consumer checks while reading forward (3MF Core chapters 3 and 4): metadata
/// names, the required `<resources>` and `<build>`, properties (pid, pindex, p1–p3) against the
/// property groups defined before them, and what a build item may reference.
struct ThreeMFModelRules {
    var groups = ThreeMFPropertyGroups()
    private(set) var sawResources = false
    private(set) var sawBuild = false
    private var modelMetadata = Set<String>()
    private var groupMetadata = Set<String>()
    /// Per object: its default property group and whether it has one (for triangles without pid).
    private var objectPid: Int?
    private var objectHasIndex = false
    private var objectTriangleProperties = false
    /// Object thumbnails, for the package to check.
    private(set) var thumbnails: [(id: Int, path: String)] = []
    /// Mesh objects of type other, and objects of components that reach one.
    private var reachesOther = Set<Int>()

    private func refuse(_ rule: ThreeMFRule, _ words: String) -> XMLRefusal { XMLRefusal(reason: .rule(rule, words)) }

    mutating func resources() throws(XMLRefusal) {
        guard !sawBuild else { throw refuse(.resourcesMissing, "<resources> comes after <build>") }
        sawResources = true
    }
    mutating func build() { sawBuild = true }

    /// The end of `<model>`: both required children were there.
    func endModel() throws(XMLRefusal) {
        if !sawResources { throw refuse(.resourcesMissing, "the model has no <resources>") }
        if !sawBuild { throw refuse(.buildMissing, "the model has no <build>") }
    }

    /// `requiredextensions`: every prefix declared on `<model>`; the Materials extension is the only
    /// one this reader implements (its rules are checked; the geometry does not depend on it).
    func requiredExtensions(_ text: String, _ namespaces: [ThreeMFNamespace]) throws(XMLRefusal) {
        for prefix in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            guard let uri = namespaces.first(where: { $0.prefix == prefix })?.uri else {
                throw refuse(.undeclaredPrefix, "requiredextensions names the prefix '\(prefix)', which <model> does not declare")
            }
            guard uri == ThreeMF.materialsNamespace else { throw XMLRefusal(reason: .requiredExtension("\(prefix) (\(uri))")) }
        }
    }

    /// A `<metadata>` name: unique in its container; a prefixed name's prefix declared on `<model>`.
    mutating func metadata(_ name: String, inGroup: Bool, _ namespaces: [ThreeMFNamespace]) throws(XMLRefusal) {
        let inserted = inGroup ? groupMetadata.insert(name).inserted : modelMetadata.insert(name).inserted
        guard inserted else { throw refuse(.metadataNameDuplicate, "two <metadata> elements are named '\(name)'") }
        if let colon = name.firstIndex(of: ":") {
            let prefix = String(name[..<colon])
            guard namespaces.contains(where: { $0.prefix == prefix }) else {
                throw refuse(.metadataNameUndeclared, "the metadata name '\(name)' uses the prefix '\(prefix)', which <model> does not declare")
            }
        }
    }

    /// A `<metadatagroup>` starts: names are unique within it.
    mutating func metadataGroup() { groupMetadata = [] }

    /// An `<object>`'s property attributes and thumbnail.
    mutating func object(id: Int, pid: String?, pindex: String?, thumbnail: String?) throws(XMLRefusal) {
        objectPid = nil
        objectHasIndex = pindex != nil
        objectTriangleProperties = false
        if pindex != nil, pid == nil { throw refuse(.pindexWithoutPid, "<object> \(id) gives pindex without pid") }
        if let pid {
            let group = try propertyGroup(pid, element: "object \(id)")
            objectPid = group
            if let pindex { try index(pindex, into: group, element: "object \(id)", attribute: "pindex") }
        }
        if let thumbnail { thumbnails.append((id, thumbnail)) }
    }

    /// A triangle's pid and p1–p3 (only called when the triangle has more than v1–v3).
    mutating func triangle(pid: String?, p: [String?]) throws(XMLRefusal) {
        guard pid != nil || p.contains(where: { $0 != nil }) else { return }
        objectTriangleProperties = true
        let group: Int
        if let pid {
            group = try propertyGroup(pid, element: "a triangle")
        } else if let objectPid {
            group = objectPid
        } else {
            throw refuse(.trianglePropertiesWithoutDefault, "a triangle gives p1–p3 but neither it nor its object gives pid")
        }
        var values: [Int] = []
        for (n, text) in p.enumerated() {
            guard let text else { continue }
            values.append(try index(text, into: group, element: "a triangle", attribute: "p\(n + 1)"))
        }
        if groups.group(group)?.kind == .base, Set(values).count > 1 {
            throw refuse(.baseMaterialGradient, "a triangle blends base materials \(values) of group \(group)")
        }
    }

    /// The object ended: `components` tells what it held.
    mutating func endObject(id: Int, type: ThreeMFObjectType, components: [ThreeMFComponent]?) throws(XMLRefusal) {
        if let components {
            if objectPid != nil || objectHasIndex { throw refuse(.componentsWithProperties, "object \(id) holds components and gives pid or pindex") }
            if components.contains(where: { reachesOther.contains($0.objectID) }) { reachesOther.insert(id) }
        } else {
            if objectTriangleProperties, objectPid == nil || !objectHasIndex {
                throw refuse(.trianglePropertiesWithoutDefault, "object \(id) has triangles with properties but no pid and pindex of its own")
            }
            if type == .other { reachesOther.insert(id) }
        }
    }

    /// A build `<item>` of `objectID` (defined before it).
    func item(_ objectID: Int) throws(XMLRefusal) {
        if reachesOther.contains(objectID) {
            throw refuse(.buildReferencesOther, "a build item references object \(objectID), which is or holds an object of type other")
        }
    }

    // MARK: - References

    private func propertyGroup(_ text: String, element: String) throws(XMLRefusal) -> Int {
        guard let id = ThreeMFNumber.index(text.trimmingXMLWhitespace), id > 0 else {
            throw XMLRefusal(reason: .invalidAttribute(element: element, attribute: "pid", text: text, expected: "a positive integer below 2^31"))
        }
        guard let group = groups.group(id), group.kind.isPropertyGroup else {
            throw refuse(.pidNotPropertyGroup, "\(element) gives pid=\"\(id)\", which names no property group defined before it")
        }
        return id
    }

    @discardableResult
    private func index(_ text: String, into group: Int, element: String, attribute: String) throws(XMLRefusal) -> Int {
        guard let value = ThreeMFNumber.index(text.trimmingXMLWhitespace) else {
            throw XMLRefusal(reason: .invalidAttribute(element: element, attribute: attribute, text: text, expected: "an integer below 2^31"))
        }
        let size = groups.group(group)?.count ?? 0
        guard value < size else {
            throw refuse(.propertyIndexOutOfRange, "\(element) gives \(attribute)=\"\(value)\"; property group \(group) has \(size) entries")
        }
        return value
    }
}
