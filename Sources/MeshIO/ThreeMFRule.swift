/// A MUST rule of the 3MF Core Specification (1.3), the Open Packaging Conventions it builds on, or
/// the Materials and Properties Extension (1.2.1) that a consumer can check: each with a stable code
/// and the chapter and section it comes from, so an error says which rule and where to read it.
public enum ThreeMFRule: String, Sendable, CaseIterable {
    // OPC (3MF Core chapter 2; ECMA-376 Part 2, OPC)
    case partWithoutContentType = "part-content-type"
    case startPartCount = "start-part-count"
    case relationshipTargetMissing = "relationship-target-missing"
    case externalTarget = "external-target"
    case printTicketCount = "print-ticket-count"
    case relationshipID = "relationship-id"
    case partName = "part-name"
    // XML usage
    case encoding
    case undeclaredPrefix = "undeclared-prefix"
    case xmlNamespaceAttribute = "xml-namespace-attribute"
    case attributeWhitespace = "attribute-whitespace"
    // Metadata
    case metadataNameDuplicate = "metadata-name-duplicate"
    case metadataNameUndeclared = "metadata-name-undeclared"
    // Resources and build
    case resourcesMissing = "resources-missing"
    case buildMissing = "build-missing"
    case duplicateResourceID = "duplicate-resource-id"
    case buildReferencesOther = "build-references-other"
    case pindexWithoutPid = "pindex-without-pid"
    case pidNotPropertyGroup = "pid-not-property-group"
    case propertyIndexOutOfRange = "property-index-out-of-range"
    case componentsWithProperties = "components-with-properties"
    case trianglePropertiesWithoutDefault = "triangle-properties-without-default"
    case baseMaterialGradient = "base-material-gradient"
    case thumbnailMissing = "thumbnail-missing"
    // Materials and Properties
    case colorValue = "color-value"
    case requiredMaterialAttribute = "material-attribute"
    case textureContentType = "texture-content-type"
    case textureReference = "texture-reference"
    case texturePartMissing = "texture-part-missing"
    case compositeBase = "composite-base"
    case compositeValues = "composite-values"
    case multiMaterialCount = "multi-material-count"
    case multiMaterialFirst = "multi-material-first"
    case multiColorGroupCount = "multi-colorgroup-count"
    case multiReferencesMulti = "multi-references-multi"
    case multiBlendMethods = "multi-blendmethods"
    case multiIndices = "multi-indices"

    /// Where the rule is written.
    public var section: String {
        switch self {
        case .partWithoutContentType: "3MF Core §2.1.1 (OPC §10.1.2.4)"
        case .startPartCount: "3MF Core §2.1.1"
        case .relationshipTargetMissing: "3MF Core §2.1.1"
        case .externalTarget: "3MF Core §2.1.1"
        case .printTicketCount: "3MF Core §2.1.4"
        case .relationshipID: "OPC §9.3.2.2"
        case .partName: "3MF Core §2.2 (OPC §9.1.1.1)"
        case .encoding: "3MF Core §2.3.2 (1)"
        case .undeclaredPrefix: "3MF Core §2.3.1, §3.4 (XML Namespaces §5)"
        case .xmlNamespaceAttribute: "3MF Core §2.3.2 (4), §2.3.4"
        case .attributeWhitespace: "3MF Core §2.3.4, Appendix B.1"
        case .metadataNameDuplicate: "3MF Core §3.4.1"
        case .metadataNameUndeclared: "3MF Core §3.4.1"
        case .resourcesMissing: "3MF Core §3.4"
        case .buildMissing: "3MF Core §3.4"
        case .duplicateResourceID: "3MF Core §3.4.2, chapter 5"
        case .buildReferencesOther: "3MF Core §3.4.3.1, §4.1"
        case .pindexWithoutPid: "3MF Core chapter 4 (object pid)"
        case .pidNotPropertyGroup: "3MF Core chapter 4, §4.1.4.1"
        case .propertyIndexOutOfRange: "3MF Core chapter 4, §4.1.4.1"
        case .componentsWithProperties: "3MF Core chapter 4"
        case .trianglePropertiesWithoutDefault: "3MF Core chapter 4"
        case .baseMaterialGradient: "3MF Core §4.1.4.1"
        case .thumbnailMissing: "3MF Core §2.1.1, chapter 4 (object thumbnail)"
        case .colorValue: "3MF Core §5.1.1; Materials §2.1"
        case .requiredMaterialAttribute: "3MF Materials chapters 2–6"
        case .textureContentType: "3MF Materials chapter 6"
        case .textureReference: "3MF Materials chapter 3"
        case .texturePartMissing: "3MF Materials chapter 6"
        case .compositeBase: "3MF Materials chapter 4"
        case .compositeValues: "3MF Materials §4.1"
        case .multiMaterialCount, .multiMaterialFirst, .multiColorGroupCount, .multiReferencesMulti: "3MF Materials chapter 5"
        case .multiBlendMethods: "3MF Materials chapter 5"
        case .multiIndices: "3MF Materials §5.1"
        }
    }

    /// The rule in words.
    public var words: String {
        switch self {
        case .partWithoutContentType: "every part needs a content type"
        case .startPartCount: "exactly one StartPart relationship names the 3D model part"
        case .relationshipTargetMissing: "a relationship's target part must exist"
        case .externalTarget: "no resource outside the package may be referenced"
        case .printTicketCount: "a 3D model part attaches at most one PrintTicket"
        case .relationshipID: "relationship ids are unique XML ids within their part"
        case .partName: "part names are absolute, non-empty and do not start a segment with a period"
        case .encoding: "XML parts are UTF-8 or UTF-16"
        case .undeclaredPrefix: "every namespace prefix is declared"
        case .xmlNamespaceAttribute: "of the xml namespace only the xml:lang attribute; never xml:space"
        case .attributeWhitespace: "attribute values hold whitespace only where their schema type collapses it"
        case .metadataNameDuplicate: "no two metadata elements share a name"
        case .metadataNameUndeclared: "a metadata name is well known or prefixed with a namespace declared on <model>"
        case .resourcesMissing: "<model> has a <resources> element"
        case .buildMissing: "<model> has a <build> element"
        case .duplicateResourceID: "resource ids are unique among all resources"
        case .buildReferencesOther: "a build item must not reference an object of type other, directly or through components"
        case .pindexWithoutPid: "pindex requires pid"
        case .pidNotPropertyGroup: "pid names a property group defined before it"
        case .propertyIndexOutOfRange: "a property index is within its group"
        case .componentsWithProperties: "an object of components carries no pid or pindex"
        case .trianglePropertiesWithoutDefault: "an object whose triangles carry properties specifies pid and pindex"
        case .baseMaterialGradient: "base materials do not form gradients (p1, p2, p3 equal or unspecified)"
        case .thumbnailMissing: "a thumbnail part must exist and be related"
        case .colorValue: "a colour is #RRGGBB or #RRGGBBAA"
        case .requiredMaterialAttribute: "a required attribute of a material element is present"
        case .textureContentType: "a texture's content type is image/png or image/jpeg"
        case .textureReference: "texid names a <texture2d>"
        case .texturePartMissing: "a texture's part exists and is related to the model part"
        case .compositeBase: "matid names a <basematerials> group"
        case .compositeValues: "a composite gives one value per material index"
        case .multiMaterialCount: "multiproperties pids name at most one material group"
        case .multiMaterialFirst: "a material group, if any, is the first of the pids"
        case .multiColorGroupCount: "multiproperties pids name at most one colour group"
        case .multiReferencesMulti: "multiproperties pids name no multiproperties"
        case .multiBlendMethods: "there are no more blend methods than layers minus one"
        case .multiIndices: "a multi gives no more indices than its group has layers"
        }
    }

    /// The stable code, e.g. "3mf.rule.start-part-count".
    public var code: String { "3mf.rule." + rawValue }
}
