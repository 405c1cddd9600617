import Foundation
import Testing
@testable import MeshIO

/// One hand-built model per model-part rule (3MF Core chapters 3–5, Materials and Properties
/// chapters 2–6): each breaks exactly one rule and is refused with that rule's typed error.
struct ThreeMFModelRuleTests {
    typealias P = MinimalPackage

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let rule: ThreeMFRule
        let parts: [String: Data]
        var testDescription: String { name }

        init(_ name: String, _ rule: ThreeMFRule, _ parts: [String: Data]) {
            self.name = name
            self.rule = rule
            self.parts = parts
        }

        /// A model whose resources are `resources` (materials namespace bound to m) and build `build`.
        init(_ name: String, _ rule: ThreeMFRule, resources: String, build: String = "<item objectid=\"1\"/>", head: String = "") {
            self.init(name, rule, P.parts(model: P.model(namespaces: "xmlns:m=\"\(P.materials)\"", head: head, resources: resources, build: build)))
        }
    }

    static let tetra = "<object id=\"1\" type=\"model\">\(P.mesh())</object>"
    static let base = "<basematerials id=\"5\"><base name=\"a\" displaycolor=\"#FF0000\"/><base name=\"b\" displaycolor=\"#00FF00FF\"/></basematerials>"
    static let colors = "<m:colorgroup id=\"6\"><m:color color=\"#112233\"/></m:colorgroup>"
    static let texture = "<m:texture2d id=\"7\" path=\"/3D/Textures/t.png\" contenttype=\"image/png\"/>"
    static func object(_ attributes: String, triangles: String = "") -> String {
        "<object id=\"1\" type=\"model\" \(attributes)>\(P.mesh(triangleAttributes: triangles))</object>"
    }

    static let cases: [Case] = [
        Case("two metadata elements with one name", .metadataNameDuplicate, resources: tetra,
             head: "<metadata name=\"Title\">a</metadata><metadata name=\"Title\">b</metadata>"),
        Case("a metadata name with an undeclared prefix", .metadataNameUndeclared, resources: tetra,
             head: "<metadata name=\"zz:Thing\">a</metadata>"),
        Case("no build", .buildMissing, P.parts(model: P.model().replacingOccurrences(of: "<build><item objectid=\"1\"/></build>", with: ""))),
        Case("no resources", .resourcesMissing, P.parts(model: P.model(build: "").replacingOccurrences(of: "<resources>\(tetra)</resources>", with: ""))),
        Case("an object and a property group sharing an id", .duplicateResourceID,
             resources: "<basematerials id=\"1\"><base name=\"a\" displaycolor=\"#FF0000\"/></basematerials>" + tetra),
        Case("two property groups sharing an id", .duplicateResourceID, resources: base + base.replacingOccurrences(of: "basematerials id=\"5\"", with: "basematerials id=\"5\"") + tetra),
        Case("a build item of an object of type other", .buildReferencesOther, resources: tetra.replacingOccurrences(of: "type=\"model\"", with: "type=\"other\"")),
        Case("a build item reaching type other through components", .buildReferencesOther,
             resources: tetra.replacingOccurrences(of: "type=\"model\"", with: "type=\"other\"") + "<object id=\"2\"><components><component objectid=\"1\"/></components></object>",
             build: "<item objectid=\"2\"/>"),
        Case("pindex without pid", .pindexWithoutPid, resources: base + object("pindex=\"0\"")),
        Case("a pid naming no property group", .pidNotPropertyGroup, resources: object("pid=\"9\" pindex=\"0\"")),
        Case("a pid naming a texture, not a group", .pidNotPropertyGroup, resources: texture + object("pid=\"7\" pindex=\"0\"")),
        Case("a pindex past its group", .propertyIndexOutOfRange, resources: base + object("pid=\"5\" pindex=\"2\"")),
        Case("a triangle index past its group", .propertyIndexOutOfRange, resources: base + object("pid=\"5\" pindex=\"0\"", triangles: "p1=\"7\"")),
        Case("triangle properties without an object default", .trianglePropertiesWithoutDefault, resources: base + object("", triangles: "pid=\"5\" p1=\"0\"")),
        Case("an object of components with a pid", .componentsWithProperties,
             resources: base + tetra + "<object id=\"2\" pid=\"5\" pindex=\"0\"><components><component objectid=\"1\"/></components></object>"),
        Case("a base-material gradient", .baseMaterialGradient, resources: base + object("pid=\"5\" pindex=\"0\"", triangles: "p1=\"0\" p2=\"1\"")),
        Case("a colour without #", .colorValue, resources: "<m:colorgroup id=\"6\"><m:color color=\"112233\"/></m:colorgroup>" + tetra),
        Case("a base displaycolor of five digits", .colorValue, resources: "<basematerials id=\"5\"><base name=\"a\" displaycolor=\"#FF000\"/></basematerials>" + tetra),
        Case("a colour with surrounding whitespace", .attributeWhitespace, resources: "<m:colorgroup id=\"6\"><m:color color=\" #112233\"/></m:colorgroup>" + tetra),
        Case("a texture without a path", .requiredMaterialAttribute, resources: "<m:texture2d id=\"7\" contenttype=\"image/png\"/>" + tetra),
        Case("a base without a name", .requiredMaterialAttribute, resources: "<basematerials id=\"5\"><base displaycolor=\"#FF0000\"/></basematerials>" + tetra),
        Case("a texture of another content type", .textureContentType, resources: "<m:texture2d id=\"7\" path=\"/3D/Textures/t.gif\" contenttype=\"image/gif\"/>" + tetra),
        Case("texid naming no texture", .textureReference, resources: colors + "<m:texture2dgroup id=\"8\" texid=\"6\"><m:tex2coord u=\"0\" v=\"0\"/></m:texture2dgroup>" + tetra),
        Case("a composite of colours", .compositeBase,
             resources: colors + "<m:compositematerials id=\"8\" matid=\"6\" matindices=\"0\"><m:composite values=\"1\"/></m:compositematerials>" + tetra),
        Case("a composite with too few values", .compositeValues,
             resources: base + "<m:compositematerials id=\"8\" matid=\"5\" matindices=\"0 1\"><m:composite values=\"1\"/></m:compositematerials>" + tetra),
        Case("multiproperties of two materials", .multiMaterialCount,
             resources: base + base.replacingOccurrences(of: "id=\"5\"", with: "id=\"4\"") + "<m:multiproperties id=\"9\" pids=\"5 4\"><m:multi pindices=\"0 0\"/></m:multiproperties>" + tetra),
        Case("a material layered after a colour", .multiMaterialFirst,
             resources: base + colors + "<m:multiproperties id=\"9\" pids=\"6 5\"><m:multi pindices=\"0 0\"/></m:multiproperties>" + tetra),
        Case("multiproperties of two colour groups", .multiColorGroupCount,
             resources: colors + colors.replacingOccurrences(of: "id=\"6\"", with: "id=\"3\"") + "<m:multiproperties id=\"9\" pids=\"6 3\"><m:multi pindices=\"0 0\"/></m:multiproperties>" + tetra),
        Case("multiproperties layering multiproperties", .multiReferencesMulti,
             resources: colors + "<m:multiproperties id=\"9\" pids=\"6\"><m:multi pindices=\"0\"/></m:multiproperties><m:multiproperties id=\"10\" pids=\"9\"><m:multi pindices=\"0\"/></m:multiproperties>" + tetra),
        Case("more blend methods than layers minus one", .multiBlendMethods,
             resources: base + colors + "<m:multiproperties id=\"9\" pids=\"5 6\" blendmethods=\"mix multiply\"><m:multi pindices=\"0 0\"/></m:multiproperties>" + tetra),
        Case("a multi with more indices than layers", .multiIndices,
             resources: colors + "<m:multiproperties id=\"9\" pids=\"6\"><m:multi pindices=\"0 0\"/></m:multiproperties>" + tetra),
        Case("a texture whose part is missing", .texturePartMissing, resources: texture + tetra),
        Case("an object thumbnail whose part is missing", .thumbnailMissing, resources: object("thumbnail=\"/Metadata/obj.png\"")),
    ]

    @Test(arguments: cases) func eachModelRuleIsRefused(_ c: Case) throws {
        let error = try #require(P.error(c.parts), "\(c.name) was read")
        guard case let .rule(rule, _) = error.reason else { Issue.record("\(c.name): \(error)"); return }
        #expect(rule == c.rule, "\(error)")
        #expect(error.part == "3D/3dmodel.model", "\(error)")
        #expect(error.description.contains(c.rule.section), "\(error)")
    }

    /// Every materials resource used by the rules, each used as they allow.
    static let conformingMaterials: [String: Data] = {
        let resources = base + colors + texture
            + "<m:texture2dgroup id=\"8\" texid=\"7\"><m:tex2coord u=\"0\" v=\"1\"/></m:texture2dgroup>"
            + "<m:compositematerials id=\"11\" matid=\"5\" matindices=\"0 1\"><m:composite values=\"0.5 0.5\"/></m:compositematerials>"
            + "<m:multiproperties id=\"9\" pids=\"5 6 8\" blendmethods=\"mix multiply\"><m:multi pindices=\"1 0 0\"/></m:multiproperties>"
            + object("pid=\"9\" pindex=\"0\"", triangles: "p1=\"0\"")
            + "<object id=\"2\" type=\"model\" pid=\"6\" pindex=\"0\">\(P.mesh(triangleAttributes: "pid=\"5\" p1=\"1\" p2=\"1\""))</object>"
        let model = P.model(namespaces: "xmlns:m=\"\(P.materials)\"", modelAttributes: "requiredextensions=\"m\"", resources: resources)
        return P.parts(model: model, types: P.contentTypes(extra: "<Default Extension=\"png\" ContentType=\"image/png\"/>"), extra: [
            "3D/Textures/t.png": "png",
            "3D/_rels/3dmodel.model.rels": P.relationships("<Relationship Target=\"/3D/Textures/t.png\" Id=\"tex\" Type=\"\(P.textureType)\"/>"),
        ])
    }()

    @Test func materialsThatFollowTheRulesRead() throws {
        let read = try ThreeMFPackageReader.read(parts: Self.conformingMaterials, source: "materials.3mf")
        #expect(read.objects.count == 2)
    }

    @Test func anUnknownRequiredExtensionIsStillRefused() throws {
        let model = P.model(namespaces: "xmlns:q=\"http://example.com/q\"", modelAttributes: "requiredextensions=\"q\"")
        let error = try #require(P.error(P.parts(model: model)))
        #expect(error.code == "3mf.read.required-extension")
    }
}
