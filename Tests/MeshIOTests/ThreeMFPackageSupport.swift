import Foundation
@testable import MeshIO

/// Hand-built minimal 3MF packages (as parts, path → bytes) for the rule tests: a tetrahedron object
/// built once, with hooks to change each part.
enum MinimalPackage {
    static let core = ThreeMF.coreNamespace
    static let materials = ThreeMF.materialsNamespace
    static let thumbnailType = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
    static let printTicketType = "http://schemas.microsoft.com/3dmanufacturing/2013/01/printticket"
    static let textureType = "http://schemas.microsoft.com/3dmanufacturing/2013/01/3dtexture"

    /// A closed tetrahedron's `<mesh>`; `triangleAttributes` is added to every triangle.
    static func mesh(triangleAttributes: String = "") -> String {
        let t = triangleAttributes.isEmpty ? "" : " " + triangleAttributes
        return """
        <mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="10" y="0" z="0"/><vertex x="0" y="10" z="0"/><vertex x="0" y="0" z="10"/></vertices>
        <triangles><triangle v1="0" v2="2" v3="1"\(t)/><triangle v1="0" v2="1" v3="3"\(t)/><triangle v1="1" v2="2" v3="3"\(t)/><triangle v1="0" v2="3" v3="2"\(t)/></triangles></mesh>
        """
    }

    /// A model part: `namespaces` and `modelAttributes` go on `<model>`, `head` before `<resources>`,
    /// `resources` inside it (default: one tetrahedron object 1), `build` inside `<build>`.
    static func model(namespaces: String = "", modelAttributes: String = "", head: String = "",
                      resources: String? = nil, build: String = "<item objectid=\"1\"/>") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <model unit="millimeter" xml:lang="en-US" xmlns="\(core)"\(namespaces.isEmpty ? "" : " " + namespaces)\(modelAttributes.isEmpty ? "" : " " + modelAttributes)>
        \(head)<resources>\(resources ?? "<object id=\"1\" type=\"model\">\(mesh())</object>")</resources>
        <build>\(build)</build>
        </model>
        """
    }

    static func contentTypes(extra: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
        <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>\(extra)
        </Types>
        """
    }

    static func relationships(_ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(body)</Relationships>"
    }

    static let startPart = "<Relationship Target=\"/3D/3dmodel.model\" Id=\"rel0\" Type=\"\(ThreeMF.modelRelationshipType)\"/>"

    /// The whole package: content types, root relationships, the model, and `extra` parts.
    static func parts(model: String = model(), types: String = contentTypes(), rootRelationships: String = relationships(startPart),
                      extra: [String: String] = [:]) -> [String: Data] {
        var parts = [ThreeMF.contentTypesPath: Data(types.utf8), ThreeMF.relationshipsPath: Data(rootRelationships.utf8),
                     "3D/3dmodel.model": Data(model.utf8)]
        for (path, text) in extra { parts[path] = Data(text.utf8) }
        return parts
    }

    /// The rule a package breaks (nil when it reads).
    static func rule(_ parts: [String: Data]) -> ThreeMFRule? {
        do {
            _ = try ThreeMFPackageReader.read(parts: parts, source: "t.3mf")
            return nil
        } catch {
            if case let .rule(rule, _) = error.reason { return rule }
            return nil
        }
    }

    /// The error a package gives (nil when it reads).
    static func error(_ parts: [String: Data]) -> ThreeMFError? {
        do {
            _ = try ThreeMFPackageReader.read(parts: parts, source: "t.3mf")
            return nil
        } catch {
            return error
        }
    }
}
