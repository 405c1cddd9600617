import Foundation

/// The two Open Packaging Conventions parts every 3MF package needs beside its model part:
/// `[Content_Types].xml` (what each part is) and `_rels/.rels` (which part is the 3D model). Written
/// here as XML; read by `OPC` (MeshIO's XML scanner) and judged by `ThreeMFPackageReader`.
public enum ThreeMFPackage {
    static let contentTypesNamespace = OPC.contentTypesNamespace
    static let relationshipsNamespace = OPC.relationshipsNamespace

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

    /// The model part's path inside the package (no leading "/"), from the root relationships part:
    /// exactly one StartPart relationship, to a part inside the package (3MF Core §2.1.1).
    public static func modelPath(relationships data: Data, source: String) throws(ThreeMFError) -> String {
        try startPart(OPCRelationship.read(data, path: ThreeMF.relationshipsPath, source: source), source: source)
    }

    static func startPart(_ relationships: [OPCRelationship], source: String) throws(ThreeMFError) -> String {
        let part = ThreeMF.relationshipsPath
        let models = relationships.filter { $0.type == ThreeMF.modelRelationshipType }
        guard models.count == 1, let start = models.first else {
            throw ThreeMFError(source: source, part: part, reason: .rule(.startPartCount,
                models.isEmpty ? "no relationship of type \(ThreeMF.modelRelationshipType) names the 3D model part"
                    : "\(models.count) StartPart relationships"))
        }
        if start.isExternal {
            throw ThreeMFError(source: source, part: part, reason: .rule(.externalTarget, "the StartPart relationship targets '\(start.target)' outside the package"))
        }
        guard let path = start.part else {
            throw ThreeMFError(source: source, part: part, reason: .rule(.partName, "the 3D model Target '\(start.target)' is not a part name"))
        }
        return path
    }

    /// Checks `[Content_Types].xml` gives relationship parts and the model part their content types
    /// (by extension, or for the model part also by an Override); part names compare case-insensitively.
    public static func checkContentTypes(_ data: Data, modelPath: String, source: String) throws(ThreeMFError) {
        try checkContentTypes(OPCContentTypes(data, source: source), modelPath: modelPath, source: source)
    }

    static func checkContentTypes(_ types: OPCContentTypes, modelPath: String, source: String) throws(ThreeMFError) {
        let part = ThreeMF.contentTypesPath
        let modelType = types.type(of: modelPath)
        guard modelType == ThreeMF.modelContentType else {
            throw ThreeMFError(source: source, part: part, reason: .packageRule(
                "the model part /\(modelPath) has content type \(modelType ?? "none"), not \(ThreeMF.modelContentType)"))
        }
        guard types.defaults["rels"] == ThreeMF.relationshipsContentType else {
            throw ThreeMFError(source: source, part: part, reason: .packageRule(
                "relationship parts (.rels) are not given the content type \(ThreeMF.relationshipsContentType)"))
        }
    }
}
