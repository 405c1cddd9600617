import Foundation
import PlanModel

/// Writes a `ThreeMFModel` as the XML of a 3MF 3D model part (3MF Core Specification 1.3): UTF-8, no
/// DTD, short round-trip numbers written as digits straight into the buffer (Float positions read back
/// bit for bit; see ThreeMFDigits.swift), a fixed layout so the same model always gives the same bytes. Refuses what the specification forbids (see `ThreeMFWriteError`).
public enum ThreeMFWriter {
    /// The model part's bytes.
    public static func encode(_ model: ThreeMFModel) throws(ThreeMFWriteError) -> Data {
        try validate(model)
        var out = XMLBytes(capacity: 256 + model.objects.reduce(0) { $0 + estimatedSize($1) })
        head(model, &out)
        for object in model.objects { write(object, &out) }
        tail(model, &out)
        return Data(out.bytes)
    }

    /// The model part in pieces whose bytes, in order, are `encode(model)`'s: before the objects, each
    /// object's element (nil where `skip`, given the object's index, says so: for a caller that has that
    /// object's bytes already), and after them.
    public static func pieces(_ model: ThreeMFModel, skip: (Int) -> Bool)
        throws(ThreeMFWriteError) -> (head: Data, objects: [Data?], tail: Data) {
        try validate(model)
        var start = XMLBytes(capacity: 1024)
        head(model, &start)
        let objects = model.objects.enumerated().map { i, object -> Data? in
            guard !skip(i) else { return nil }
            var out = XMLBytes(capacity: estimatedSize(object))
            write(object, &out)
            return Data(out.bytes)
        }
        var end = XMLBytes(capacity: 256)
        tail(model, &end)
        return (Data(start.bytes), objects, Data(end.bytes))
    }

    private static func estimatedSize(_ object: ThreeMFObject) -> Int {
        object.mesh.map { $0.vertexCount * 48 + $0.triangleCount * 40 + 256 } ?? 256
    }

    private static func head(_ model: ThreeMFModel, _ out: inout XMLBytes) {
        out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model unit=\"")
        out.raw(model.unit.rawValue)
        out.raw("\"")
        if let language = model.language { out.attribute("xml:lang", language) }
        out.attribute("xmlns", ThreeMF.coreNamespace)
        for ns in model.namespaces { out.attribute("xmlns:\(ns.prefix)", ns.uri) }
        out.raw(">\n")
        for m in model.metadata { metadata(m, indent: " ", &out) }
        out.raw(" <resources>\n")
    }

    private static func tail(_ model: ThreeMFModel, _ out: inout XMLBytes) {
        out.raw(" </resources>\n <build>\n")
        for item in model.build {
            out.raw("  <item")
            out.attribute("objectid", String(item.objectID))
            if let t = item.transform { out.attribute("transform", t.description) }
            if let p = item.partNumber { out.attribute("partnumber", p) }
            out.raw("/>\n")
        }
        out.raw(" </build>\n</model>\n")
    }

    /// Whether XML 1.0 can carry every character of `text` (C0 controls other than tab, LF and CR, and
    /// U+FFFE/U+FFFF, cannot appear even as character references).
    public static func isRepresentable(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(isXMLChar) }

    /// `text` with every character XML 1.0 cannot carry replaced by U+FFFD, as the writer stores it.
    public static func representable(_ text: String) -> String {
        isRepresentable(text) ? text : String(String.UnicodeScalarView(text.unicodeScalars.map { isXMLChar($0) ? $0 : "\u{FFFD}" }))
    }

    static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func write(_ object: ThreeMFObject, _ out: inout XMLBytes) {
        out.raw("  <object")
        out.attribute("id", String(object.id))
        out.attribute("type", object.type.rawValue)
        if let name = object.name { out.attribute("name", name) }
        if let p = object.partNumber { out.attribute("partnumber", p) }
        out.raw(">\n")
        if !object.metadata.isEmpty {
            out.raw("   <metadatagroup>\n")
            for m in object.metadata { metadata(m, indent: "    ", &out) }
            out.raw("   </metadatagroup>\n")
        }
        switch object.content {
        case let .mesh(mesh):
            out.raw("   <mesh>\n    <vertices>\n")
            let p = mesh.positions
            var i = 0
            while i + 2 < p.count {
                out.raw("     <vertex x=\"")
                out.number(p[i])
                out.raw("\" y=\"")
                out.number(p[i + 1])
                out.raw("\" z=\"")
                out.number(p[i + 2])
                out.raw("\"/>\n")
                i += 3
            }
            out.raw("    </vertices>\n    <triangles>\n")
            let ix = mesh.indices
            var t = 0
            while t + 2 < ix.count {
                out.raw("     <triangle v1=\"")
                out.decimal(UInt64(ix[t]))
                out.raw("\" v2=\"")
                out.decimal(UInt64(ix[t + 1]))
                out.raw("\" v3=\"")
                out.decimal(UInt64(ix[t + 2]))
                out.raw("\"/>\n")
                t += 3
            }
            out.raw("    </triangles>\n   </mesh>\n")
        case let .components(components):
            out.raw("   <components>\n")
            for c in components {
                out.raw("    <component")
                out.attribute("objectid", String(c.objectID))
                if let t = c.transform { out.attribute("transform", t.description) }
                out.raw("/>\n")
            }
            out.raw("   </components>\n")
        }
        out.raw("  </object>\n")
    }

    private static func metadata(_ m: ThreeMFMetadata, indent: String, _ out: inout XMLBytes) {
        out.raw(indent + "<metadata")
        out.attribute("name", m.name)
        if m.preserve { out.attribute("preserve", "1") }
        if let type = m.type { out.attribute("type", type) }
        out.raw(">")
        out.escaped(m.value, inAttribute: false)
        out.raw("</metadata>\n")
    }

    // MARK: - Validation

    private static func validate(_ model: ThreeMFModel) throws(ThreeMFWriteError) {
        var prefixes = Set<String>()
        for ns in model.namespaces {
            guard isNCName(ns.prefix), !ns.prefix.lowercased().hasPrefix("xml") else {
                throw ThreeMFWriteError(.namespace("'\(ns.prefix)' is not a usable namespace prefix"))
            }
            guard !ns.uri.isEmpty, isRepresentable(ns.uri) else { throw ThreeMFWriteError(.namespace("prefix '\(ns.prefix)' has no usable URI")) }
            guard prefixes.insert(ns.prefix).inserted else { throw ThreeMFWriteError(.namespace("prefix '\(ns.prefix)' is declared twice")) }
        }
        try checkMetadata(model.metadata, prefixes: prefixes)
        if let cycle = model.componentCycle() { throw ThreeMFWriteError(.componentCycle(cycle)) }
        var defined = Set<Int>()
        for object in model.objects {
            guard object.id > 0, object.id < 1 << 31, !defined.contains(object.id) else {
                throw ThreeMFWriteError(.invalidObjectID(object.id))
            }
            try checkMetadata(object.metadata, prefixes: prefixes)
            switch object.content {
            case let .mesh(mesh): try check(mesh, object: object.id)
            case let .components(components):
                guard !components.isEmpty else { throw ThreeMFWriteError(.emptyComponents(object: object.id)) }
                for c in components {
                    guard defined.contains(c.objectID) else { throw ThreeMFWriteError(.unknownObject(c.objectID)) }
                    guard c.transform?.values.allSatisfy(\.isFinite) ?? true else { throw ThreeMFWriteError(.nonFinite(object: object.id)) }
                }
            }
            defined.insert(object.id)
        }
        for item in model.build {
            guard defined.contains(item.objectID) else { throw ThreeMFWriteError(.unknownObject(item.objectID)) }
            guard item.transform?.values.allSatisfy(\.isFinite) ?? true else { throw ThreeMFWriteError(.nonFinite(object: item.objectID)) }
        }
    }

    private static func check(_ mesh: TriangleMesh, object: Int) throws(ThreeMFWriteError) {
        guard mesh.positions.allSatisfy(\.isFinite) else { throw ThreeMFWriteError(.nonFinite(object: object)) }
        guard mesh.hasValidIndices else { throw ThreeMFWriteError(.invalidIndices(object: object)) }
        let ix = mesh.indices
        var t = 0
        while t + 2 < ix.count {
            if ix[t] == ix[t + 1] || ix[t + 1] == ix[t + 2] || ix[t] == ix[t + 2] {
                throw ThreeMFWriteError(.repeatedCorner(object: object, triangle: t / 3))
            }
            t += 3
        }
    }

    private static func checkMetadata(_ list: [ThreeMFMetadata], prefixes: Set<String>) throws(ThreeMFWriteError) {
        var seen = Set<String>()
        for m in list {
            guard seen.insert(m.name).inserted else { throw ThreeMFWriteError(.metadataName(m.name, "given twice")) }
            if ThreeMF.wellKnownMetadataNames.contains(m.name) { continue }
            let parts = m.name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, isNCName(String(parts[1])) else {
                throw ThreeMFWriteError(.metadataName(m.name, "not a well-known name, so it must be prefix:name"))
            }
            guard prefixes.contains(String(parts[0])) else {
                throw ThreeMFWriteError(.metadataName(m.name, "the prefix '\(parts[0])' is not declared on the model"))
            }
        }
    }

    /// An XML NCName, restricted to ASCII (all the names this writer needs).
    static func isNCName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}

/// An output buffer with XML escaping.
struct XMLBytes {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// ` name="value"`, escaped.
    mutating func attribute(_ name: String, _ value: String) {
        raw(" \(name)=\"")
        escaped(value, inAttribute: true)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Escapes with the one XML escaping (`XMLEscape`).
    mutating func escaped(_ s: String, inAttribute: Bool) { XMLEscape.append(s, inAttribute: inAttribute, to: &bytes) }
}
