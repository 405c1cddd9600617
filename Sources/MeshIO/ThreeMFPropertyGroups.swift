/// The property groups of a model as they are read — core `<basematerials>` and the Materials and
/// Properties Extension's groups — with the rules a consumer checks on them (3MF Core chapter 5;
/// Materials chapters 2–6). Only what references need is kept: each group's kind and size.
struct ThreeMFPropertyGroups {
    static let materialsNamespace = Array(ThreeMF.materialsNamespace.utf8)

    /// What a group holds, which decides what may reference it.
    enum Kind: Equatable {
        case base, color, texture2DGroup, composite, multi
        /// Not a property group: a `<texture2d>` (referenced by texid) or display properties.
        case texture, display

        var isMaterial: Bool { self == .base || self == .composite }
        var isPropertyGroup: Bool { self != .texture && self != .display }

        var element: String {
            switch self {
            case .base: "basematerials"
            case .color: "colorgroup"
            case .texture2DGroup: "texture2dgroup"
            case .composite: "compositematerials"
            case .multi: "multiproperties"
            case .texture: "texture2d"
            case .display: "display properties"
            }
        }
    }

    struct Group {
        var kind: Kind
        var count = 0
        /// multiproperties: the groups layered; compositematerials: the base group and its indices.
        var layers: [Int] = []
        var compositeBase: Int?
        var compositeIndices = 0
    }

    private(set) var groups: [Int: Group] = [:]
    /// The group whose entries are being read.
    private var open: Int?
    /// `<texture2d>` parts, for the package to check.
    private(set) var textures: [(id: Int, path: String)] = []

    func group(_ id: Int) -> Group? { groups[id] }

    private func refuse(_ rule: ThreeMFRule, _ words: String) -> XMLRefusal { XMLRefusal(reason: .rule(rule, words)) }

    /// A group element under `<resources>`: `id` was read by the caller and is unused by objects.
    mutating func start(_ name: String, id: Int, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        let kind: Kind
        switch name {
        case "basematerials": kind = .base
        case "colorgroup": kind = .color
        case "texture2dgroup": kind = .texture2DGroup
        case "compositematerials": kind = .composite
        case "multiproperties": kind = .multi
        case "texture2d": kind = .texture
        case "pbspeculardisplayproperties", "pbmetallicdisplayproperties", "pbspeculartexturedisplayproperties",
             "pbmetallictexturedisplayproperties", "translucentdisplayproperties": kind = .display
        default: return
        }
        guard groups[id] == nil else { throw refuse(.duplicateResourceID, "resource id \(id) is used twice (<\(name)>)") }
        var group = Group(kind: kind)
        switch kind {
        case .texture2DGroup:
            let texid = try required(name, "texid", a, raw)
            guard let target = ThreeMFNumber.index(texid), groups[target]?.kind == .texture else {
                throw refuse(.textureReference, "<texture2dgroup> \(id) texid=\"\(texid)\" names no <texture2d> defined before it")
            }
        case .composite:
            let matid = try required(name, "matid", a, raw)
            guard let base = ThreeMFNumber.index(matid), let target = groups[base], target.kind == .base else {
                throw refuse(.compositeBase, "<compositematerials> \(id) matid=\"\(matid)\" names no <basematerials> group defined before it")
            }
            let indices = try Self.indices(try required(name, "matindices", a, raw), element: name, attribute: "matindices")
            if let bad = indices.first(where: { $0 >= target.count }) {
                throw refuse(.propertyIndexOutOfRange, "<compositematerials> \(id) matindices holds \(bad); group \(base) has \(target.count) materials")
            }
            group.compositeBase = base
            group.compositeIndices = indices.count
        case .multi:
            let pids = try Self.indices(try required(name, "pids", a, raw), element: name, attribute: "pids")
            group.layers = pids
            try checkLayers(pids, id: id)
            let layers = a.string("blendmethods", raw)?.split(whereSeparator: \.isWhitespace).count ?? 0
            if layers > max(0, pids.count - 1) {
                throw refuse(.multiBlendMethods, "<multiproperties> \(id) gives \(layers) blend methods for \(pids.count) layers")
            }
        case .texture:
            let path = try required(name, "path", a, raw)
            let type = try required(name, "contenttype", a, raw)
            guard type == "image/png" || type == "image/jpeg" else {
                throw refuse(.textureContentType, "<texture2d> \(id) contenttype=\"\(type)\"")
            }
            guard path.hasPrefix("/") else {
                throw XMLRefusal(reason: .invalidAttribute(element: name, attribute: "path", text: path, expected: "an absolute part name (ST_UriReference)"))
            }
            textures.append((id, path))
        default: break
        }
        groups[id] = group
        open = id
    }

    /// The multiproperties layering rules (Materials chapter 5).
    private func checkLayers(_ pids: [Int], id: Int) throws(XMLRefusal) {
        var materials = 0, colors = 0
        for (layer, pid) in pids.enumerated() {
            guard let target = groups[pid], target.kind.isPropertyGroup else {
                throw refuse(.pidNotPropertyGroup, "<multiproperties> \(id) pids names \(pid), which is no property group defined before it")
            }
            switch target.kind {
            case .multi: throw refuse(.multiReferencesMulti, "<multiproperties> \(id) layers the multiproperties \(pid)")
            case .base, .composite:
                materials += 1
                if materials > 1 { throw refuse(.multiMaterialCount, "<multiproperties> \(id) layers \(materials) material groups") }
                if layer != 0 { throw refuse(.multiMaterialFirst, "<multiproperties> \(id) layers the material group \(pid) at position \(layer + 1)") }
            case .color:
                colors += 1
                if colors > 1 { throw refuse(.multiColorGroupCount, "<multiproperties> \(id) layers \(colors) colour groups") }
            default: break
            }
        }
    }

    /// An element inside the open group: a property entry, checked and counted.
    mutating func entry(_ name: String, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) {
        guard let id = open, var group = groups[id] else { return }
        switch (group.kind, name) {
        case (.base, "base"):
            _ = try required(name, "name", a, raw)
            try Self.color(try required(name, "displaycolor", a, raw), element: name, attribute: "displaycolor")
        case (.color, "color"):
            try Self.color(try required(name, "color", a, raw), element: name, attribute: "color")
        case (.texture2DGroup, "tex2coord"):
            for key in ["u", "v"] {
                let text = try required(name, key, a, raw)
                guard ThreeMFNumber.double(text) != nil else { throw XMLRefusal(reason: .malformedNumber(element: name, attribute: key, text: text)) }
            }
        case (.composite, "composite"):
            let values = try required(name, "values", a, raw).split(whereSeparator: \.isWhitespace)
            guard values.count == group.compositeIndices, values.allSatisfy({ ThreeMFNumber.double(String($0)) != nil }) else {
                throw refuse(.compositeValues, "a <composite> of group \(id) gives \(values.count) values for \(group.compositeIndices) materials")
            }
        case (.multi, "multi"):
            let indices = try Self.indices(a.string("pindices", raw) ?? "", element: name, attribute: "pindices")
            guard indices.count <= group.layers.count else {
                throw refuse(.multiIndices, "a <multi> of group \(id) gives \(indices.count) indices for \(group.layers.count) layers")
            }
            for (layer, index) in indices.enumerated() {
                let target = group.layers[layer]
                let size = groups[target]?.count ?? 0
                guard index < size else {
                    throw refuse(.propertyIndexOutOfRange, "a <multi> of group \(id) indexes \(index) into group \(target), which has \(size) entries")
                }
            }
        default: return  // extension content inside a group (display properties' own entries, future additions)
        }
        group.count += 1
        groups[id] = group
    }

    /// The group element ended.
    mutating func end() { open = nil }

    // MARK: - Values

    private func required(_ element: String, _ key: String, _ a: XMLAttributes, _ raw: UnsafeRawBufferPointer) throws(XMLRefusal) -> String {
        var value: String?
        for index in 0..<a.count where a.name(index, raw).elementsEqual(key.utf8) {
            value = String(decoding: a.value(index, raw), as: UTF8.self)
        }
        guard let value else {
            throw XMLRefusal(reason: .rule(.requiredMaterialAttribute, "<\(element)> lacks the required attribute '\(key)'"))
        }
        return value
    }

    /// ST_ColorValue: "#RRGGBB" or "#RRGGBBAA", no whitespace (a restriction of xs:string).
    static func color(_ text: String, element: String, attribute: String) throws(XMLRefusal) {
        let bytes = Array(text.utf8)
        let hex = bytes.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
        guard bytes.first == UInt8(ascii: "#"), bytes.count == 7 || bytes.count == 9, hex else {
            let trimmed = text.trimmingXMLWhitespace
            let rule: ThreeMFRule = trimmed != text && (try? color(trimmed, element: element, attribute: attribute)) != nil ? .attributeWhitespace : .colorValue
            throw XMLRefusal(reason: .rule(rule, "<\(element)> \(attribute)=\"\(text)\""))
        }
    }

    /// ST_ResourceIndices / ST_ResourceIDs: a whitespace-separated list of integers below 2³¹.
    static func indices(_ text: String, element: String, attribute: String) throws(XMLRefusal) -> [Int] {
        var out: [Int] = []
        for piece in text.split(whereSeparator: \.isWhitespace) {
            guard let value = ThreeMFNumber.index(String(piece)) else {
                throw XMLRefusal(reason: .invalidAttribute(element: element, attribute: attribute, text: text, expected: "a list of integers below 2^31"))
            }
            out.append(value)
        }
        return out
    }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF).
    var trimmingXMLWhitespace: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !XMLByteClass.isSpace($0) }),
              let last = bytes.lastIndex(where: { !XMLByteClass.isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
