import Foundation

/// The package rules of a 3MF document (3MF Core chapter 2 and the OPC rules it adopts), judged over
/// every part of the package before the model part is read.
struct OPCPackage {
    static let thumbnailType = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
    static let printTicketType = "http://schemas.microsoft.com/3dmanufacturing/2013/01/printticket"
    static let textureType = "http://schemas.microsoft.com/3dmanufacturing/2013/01/3dtexture"

    let source: String
    /// Every part by its comparison key (lower-cased path), with the path as stored.
    let paths: [String: String]
    let contentTypes: OPCContentTypes
    /// The relationships of each relationships part, by the part's path.
    let relationships: [String: [OPCRelationship]]
    /// The 3D model part the StartPart relationship names.
    let modelPath: String

    /// Reads the content types and every relationships part, and applies the package rules.
    init(parts: [String: Data], source: String) throws(ThreeMFError) {
        self.source = source
        var paths: [String: String] = [:]
        for path in parts.keys.sorted() {
            if let other = paths.updateValue(path, forKey: OPCPartName.key(path)) {
                throw ThreeMFError(source: source, part: path, reason: .rule(.partName, "'\(path)' and '\(other)' name the same part (part names ignore case)"))
            }
        }
        self.paths = paths
        guard let typesData = parts[ThreeMF.contentTypesPath] ?? paths[OPCPartName.key(ThreeMF.contentTypesPath)].flatMap({ parts[$0] }) else {
            throw ThreeMFError(source: source, reason: .missingPart(ThreeMF.contentTypesPath))
        }
        contentTypes = try OPCContentTypes(typesData, source: source)
        var relationships: [String: [OPCRelationship]] = [:]
        for (path, data) in parts where OPCPartName.relationshipsSource(path).isRelationships {
            relationships[path] = try OPCRelationship.read(data, path: path, source: source)
        }
        self.relationships = relationships
        guard let root = paths[OPCPartName.key(ThreeMF.relationshipsPath)].flatMap({ relationships[$0] }) else {
            throw ThreeMFError(source: source, reason: .missingPart(ThreeMF.relationshipsPath))
        }
        modelPath = try ThreeMFPackage.startPart(root, source: source)
        try checkContentTypes()
        try checkRelationships()
        guard let stored = paths[OPCPartName.key(modelPath)] else { throw ThreeMFError(source: source, reason: .missingPart(modelPath)) }
        try ThreeMFPackage.checkContentTypes(contentTypes, modelPath: stored, source: source)
    }

    /// The stored path of the part a relationship or attribute names, if the package holds it.
    func stored(_ path: String) -> String? { paths[OPCPartName.key(path)] }

    /// The relationships whose source is the part `path`.
    func relationships(from path: String) -> [OPCRelationship] {
        relationships.first { OPCPartName.relationshipsSource($0.key).source.map(OPCPartName.key) == OPCPartName.key(path) }?.value ?? []
    }

    private func fail(_ part: String?, _ rule: ThreeMFRule, _ words: String) -> ThreeMFError {
        ThreeMFError(source: source, part: part, reason: .rule(rule, words))
    }

    /// Every part of the payload has a content type, by override or extension: the relationship parts and
    /// every part a relationship targets. A part no relationship reaches is outside the 3D payload and is
    /// not judged (PrusaSlicer writes its settings as such parts without a content type, and lib3mf reads
    /// those files; the corpus's Moon.3mf is one).
    private func checkContentTypes() throws(ThreeMFError) {
        let targets = relationships.values.flatMap { $0.compactMap(\.part).compactMap(stored) }
        for path in Set(Array(relationships.keys) + targets).sorted() {
            guard let type = contentTypes.type(of: path), !type.isEmpty else {
                throw fail(path, .partWithoutContentType, "the part /\(path) has no content type in [Content_Types].xml")
            }
        }
    }

    /// Ids unique per part, no external targets, every target present, print tickets only from model parts and at most one each.
    private func checkRelationships() throws(ThreeMFError) {
        for (path, list) in relationships.sorted(by: { $0.key < $1.key }) {
            var ids = Set<String>()
            var printTickets = 0
            for relationship in list {
                guard !relationship.id.isEmpty, ids.insert(relationship.id).inserted else {
                    throw fail(path, .relationshipID, relationship.id.isEmpty ? "a relationship without an Id" : "the Id '\(relationship.id)' is used twice")
                }
                if relationship.isExternal {
                    throw fail(path, .externalTarget, "the relationship '\(relationship.id)' targets '\(relationship.target)' outside the package")
                }
                guard let target = relationship.part else {
                    throw fail(path, .partName, "the relationship '\(relationship.id)' targets '\(relationship.target)', which is no part name")
                }
                guard stored(target) != nil else {
                    throw fail(path, .relationshipTargetMissing, "the relationship '\(relationship.id)' (\(Self.kind(of: relationship.type))) targets /\(target), which the package does not hold")
                }
                if relationship.type == Self.printTicketType {
                    let from = OPCPartName.relationshipsSource(path).source
                    guard let from, contentTypes.type(of: from) == ThreeMF.modelContentType else {
                        throw fail(path, .printTicketCount, "a PrintTicket is attached to \(from.map { "/\($0)" } ?? "the package root"), not to a 3D model part")
                    }
                    printTickets += 1
                    if printTickets > 1 { throw fail(path, .printTicketCount, "the 3D model part /\(from) attaches \(printTickets) PrintTickets") }
                }
            }
        }
    }

    /// A relationship type in words, for messages.
    static func kind(of type: String) -> String {
        switch type {
        case thumbnailType: "thumbnail"
        case printTicketType: "PrintTicket"
        case textureType: "3D texture"
        case ThreeMF.modelRelationshipType: "StartPart"
        default: type
        }
    }
}
