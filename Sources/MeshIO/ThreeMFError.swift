/// Why a 3MF part could not be read (or a model converted): names the file, the part, the line and the rule.
public struct ThreeMFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rule the input broke.
    public enum Reason: Equatable, Sendable {
        /// The XML is not well formed (the parser's words).
        case notWellFormed(String)
        /// A DTD (`<!DOCTYPE`): forbidden in 3MF parts, and the vector of entity-expansion attacks.
        case doctypeForbidden
        /// The root element is not `<model>` in the 3MF core namespace (or not the part expected).
        case wrongRoot(found: String)
        /// `requiredextensions` names an extension this reader does not implement.
        case requiredExtension(String)
        /// A required attribute is absent.
        case missingAttribute(element: String, attribute: String)
        /// A number that breaks ST_Number, or overflows.
        case malformedNumber(element: String, attribute: String, text: String)
        /// An attribute value outside its allowed set (unit, object type, id…).
        case invalidAttribute(element: String, attribute: String, text: String, expected: String)
        /// An element where the schema does not allow it.
        case misplacedElement(element: String, parent: String)
        /// A triangle corner past the vertex count.
        case indexOutOfRange(index: Int, vertexCount: Int)
        /// Two objects share a resource id.
        case duplicateObjectID(Int)
        /// An item or component refers to an object not defined before it.
        case unknownObject(Int)
        /// An object with neither a mesh nor components.
        case emptyObject(Int)
        /// An object that is a component of itself. (A longer cycle needs a reference to an object
        /// defined later, which `unknownObject` refuses first.)
        case componentCycle(Int)
        /// A transform that is not a rotation plus a translation.
        case nonRigidTransform(String)
        /// A package part is absent.
        case missingPart(String)
        /// A package part does not say what 3MF requires (content type, relationship).
        case packageRule(String)
        /// A MUST rule of the specification is broken; the words say by what.
        case rule(ThreeMFRule, String)
    }

    /// The file or archive entry.
    public var source: String
    /// The part inside the package (e.g. "3D/3dmodel.model"), when known.
    public var part: String?
    /// 1-based line in the XML, when known.
    public var line: Int?
    public var reason: Reason

    public init(source: String, part: String? = nil, line: Int? = nil, reason: Reason) {
        self.source = source
        self.part = part
        self.line = line
        self.reason = reason
    }

    /// A stable code per reason, e.g. "3mf.read.missing-attribute".
    public var code: String {
        switch reason {
        case .notWellFormed: "3mf.read.not-well-formed"
        case .doctypeForbidden: "3mf.read.doctype"
        case .wrongRoot: "3mf.read.wrong-root"
        case .requiredExtension: "3mf.read.required-extension"
        case .missingAttribute: "3mf.read.missing-attribute"
        case .malformedNumber: "3mf.read.malformed-number"
        case .invalidAttribute: "3mf.read.invalid-attribute"
        case .misplacedElement: "3mf.read.misplaced-element"
        case .indexOutOfRange: "3mf.read.index-out-of-range"
        case .duplicateObjectID: "3mf.read.duplicate-object-id"
        case .unknownObject: "3mf.read.unknown-object"
        case .emptyObject: "3mf.read.empty-object"
        case .componentCycle: "3mf.read.component-cycle"
        case .nonRigidTransform: "3mf.non-rigid-transform"
        case .missingPart: "3mf.package.missing-part"
        case .packageRule: "3mf.package.rule"
        case let .rule(rule, _): rule.code
        }
    }

    /// "file: part: line N: what is wrong".
    public var description: String {
        var place = [source]
        if let part { place.append(part) }
        if let line { place.append("line \(line)") }
        return place.joined(separator: ": ") + ": " + reasonText
    }

    private var reasonText: String {
        switch reason {
        case let .notWellFormed(why): "not well-formed XML: \(why)"
        case .doctypeForbidden: "a DOCTYPE (DTD) is not allowed in a 3MF part"
        case let .wrongRoot(found): "the root element is \(found), not what this part must hold"
        case let .requiredExtension(name): "the model requires the extension '\(name)', which this reader does not implement"
        case let .missingAttribute(element, attribute): "<\(element)> lacks the required attribute '\(attribute)'"
        case let .malformedNumber(element, attribute, text): "<\(element)> \(attribute)=\"\(text)\" is not a finite 3MF number"
        case let .invalidAttribute(element, attribute, text, expected): "<\(element)> \(attribute)=\"\(text)\": expected \(expected)"
        case let .misplacedElement(element, parent): "<\(element)> is not allowed inside <\(parent)>"
        case let .indexOutOfRange(index, count): "vertex index \(index) is out of range (the mesh has \(count) vertices)"
        case let .duplicateObjectID(id): "object id \(id) is used twice"
        case let .unknownObject(id): "object id \(id) is not defined before it is referenced"
        case let .emptyObject(id): "object \(id) has neither a mesh nor components"
        case let .componentCycle(id): "object \(id) is a component of itself"
        case let .nonRigidTransform(why): "the transform is not rigid: \(why)"
        case let .missingPart(path): "the package has no part '\(path)'"
        case let .packageRule(why): why
        case let .rule(rule, why): "\(why) (\(rule.section): \(rule.words))"
        }
    }
}

/// Why a model could not be written as 3MF: the writer refuses what the specification forbids.
public struct ThreeMFWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// A vertex or transform number is NaN or infinite.
        case nonFinite(object: Int?)
        /// A triangle corner past the vertex count, or index arrays not in triples.
        case invalidIndices(object: Int)
        /// A triangle with a repeated corner (v1, v2, v3 must be distinct).
        case repeatedCorner(object: Int, triangle: Int)
        /// Object ids must be positive and unique.
        case invalidObjectID(Int)
        /// An item or component refers to an object not defined before it.
        case unknownObject(Int)
        /// Components that lead back to the object holding them (the ids along the cycle, first = last).
        case componentCycle([Int])
        /// A components object without a component (the schema requires at least one).
        case emptyComponents(object: Int)
        /// Metadata names: well-known, or prefixed with a declared namespace; no name twice.
        case metadataName(String, String)
        /// A namespace prefix that is not an XML name, or bound twice.
        case namespace(String)
    }

    public var reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case let .nonFinite(object): "3MF: not written: a number \(object.map { "of object \($0) " } ?? "")is NaN or infinite"
        case let .invalidIndices(object): "3MF: not written: object \(object) has triangles referring to missing vertices"
        case let .repeatedCorner(object, triangle): "3MF: not written: triangle \(triangle) of object \(object) repeats a corner (3MF requires distinct corners)"
        case let .invalidObjectID(id): "3MF: not written: object id \(id) is not positive or not unique"
        case let .unknownObject(id): "3MF: not written: object \(id) is referenced before it is defined"
        case let .componentCycle(ids): "3MF: not written: the components form a cycle (objects \(ids.map(String.init).joined(separator: " → ")))"
        case let .emptyComponents(object): "3MF: not written: object \(object) has an empty component list"
        case let .metadataName(name, why): "3MF: not written: metadata '\(name)': \(why)"
        case let .namespace(why): "3MF: not written: \(why)"
        }
    }
}
