import Foundation
import Testing
@testable import MeshIO

/// Malformed model parts give a typed `ThreeMFError` naming the rule, the element and the line.
@Suite struct ThreeMFReaderErrorTests {
    /// A model part around `body`; the core requires `<resources>` and `<build>` (§3.4), so a body about
    /// something else gets empty ones.
    static func model(_ body: String, attributes: String = "") -> Data {
        let body = (body.contains("<resources") ? "" : "<resources/>") + body + (body.contains("<build") ? "" : "<build/>")
        return Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <model unit="millimeter" xmlns="\(ThreeMF.coreNamespace)"\(attributes)>
        \(body)
        </model>
        """.utf8)
    }

    static let triangleObject = """
     <resources>
      <object id="1" type="model">
       <mesh>
        <vertices><vertex x="0" y="0" z="0"/><vertex x="1" y="0" z="0"/><vertex x="0" y="1" z="0"/></vertices>
        <triangles><triangle v1="0" v2="1" v3="2"/></triangles>
       </mesh>
      </object>
     </resources>
    """

    func reason(_ data: Data) -> ThreeMFError? {
        do {
            _ = try ThreeMFReader.decode(data, source: "bad.3mf")
            return nil
        } catch {
            return error
        }
    }

    @Test func aMinimalModelParses() throws {
        let read = try ThreeMFReader.decode(Self.model(Self.triangleObject + "<build><item objectid=\"1\"/></build>"), source: "ok")
        #expect(read.objects.first?.mesh?.triangleCount == 1)
        #expect(read.build.count == 1)
    }

    /// libxml2 refuses a single buffer past about 10 MB; full-arch models are larger.
    @Test func modelsLargerThanTenMegabytesParse() throws {
        let vertices = String(repeating: "<vertex x=\"-12.3456789\" y=\"23.4567891\" z=\"-3.45678912\"/>\n", count: 300_000)
        let body = "<resources><object id=\"1\"><mesh><vertices>\n\(vertices)</vertices><triangles><triangle v1=\"0\" v2=\"1\" v3=\"299999\"/></triangles></mesh></object></resources><build><item objectid=\"1\"/></build>"
        let data = Self.model(body)
        #expect(data.count > 16_000_000)
        let read = try ThreeMFReader.decode(data, source: "big")
        #expect(read.objects.first?.mesh?.vertexCount == 300_000)
        #expect(read.objects.first?.mesh?.triangleCount == 1)
    }

    @Test func malformedXMLNamesTheLine() throws {
        let error = try #require(reason(Data("<?xml version=\"1.0\"?>\n<model xmlns=\"\(ThreeMF.coreNamespace)\">\n<resources></build>\n</model>".utf8)))
        guard case .notWellFormed = error.reason else { Issue.record("\(error)"); return }
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("bad.3mf: 3D/3dmodel.model: line 3: not well-formed XML"))
        #expect(reason(Data()) != nil)
        #expect(reason(Data("not xml at all".utf8)) != nil)
    }

    @Test func aDoctypeIsRefused() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE model [<!ENTITY a \"aaaa\">]>\n<model xmlns=\"\(ThreeMF.coreNamespace)\"><resources/><build/></model>"
        #expect(reason(Data(xml.utf8))?.reason == .doctypeForbidden)
    }

    @Test func encodingsOtherThanUTF8AndUTF16AreRefused() {
        // UTF-16 is read (3MF Core §2.3.2): this one then fails only for its root, which is in no namespace.
        let utf16 = Data([0xFF, 0xFE] + "<model/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(reason(utf16)?.code == "3mf.read.wrong-root")
        #expect(reason(Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><model/>".utf8))?.code == "3mf.rule.encoding")
        #expect(reason(Data([0xFF, 0xFE, 0, 0, 0x3C, 0, 0, 0]))?.code == "3mf.rule.encoding")
    }

    @Test func theRootMustBeACoreModel() {
        #expect(reason(Data("<model><resources/></model>".utf8))?.code == "3mf.read.wrong-root")
        #expect(reason(Data("<Types xmlns=\"\(ThreeMF.coreNamespace)\"/>".utf8))?.code == "3mf.read.wrong-root")
    }

    @Test func malformedNumbersAreRefused() throws {
        // " 1" and "1 " are ST_Number (it collapses whitespace); "1 2" breaks the whitespace rule instead.
        for bad in ["1.2.3", "nan", "inf", "1e", "0x1p3", "1.", "", "1e99"] {
            let body = "<resources><object id=\"1\"><mesh><vertices><vertex x=\"0\" y=\"\(bad)\" z=\"0\"/></vertices></mesh></object></resources>"
            let error = try #require(reason(Self.model(body)), "\(bad)")
            #expect(error.reason == .malformedNumber(element: "vertex", attribute: "y", text: bad), "\(bad): \(error)")
        }
        for good in ["-1.5e-3", "+2", ".5", "7E+2", "-0"] {
            let body = "<resources><object id=\"1\"><mesh><vertices><vertex x=\"\(good)\" y=\"0\" z=\"0\"/></vertices></mesh></object></resources>"
            #expect(reason(Self.model(body)) == nil, "\(good)")
        }
    }

    @Test func indexOutOfRangeIsRefused() throws {
        let body = Self.triangleObject.replacingOccurrences(of: "v3=\"2\"", with: "v3=\"3\"")
        let error = try #require(reason(Self.model(body)))
        #expect(error.reason == .indexOutOfRange(index: 3, vertexCount: 3))
        #expect(error.line == 7)
        let negative = Self.triangleObject.replacingOccurrences(of: "v3=\"2\"", with: "v3=\"-1\"")
        #expect(reason(Self.model(negative))?.code == "3mf.read.invalid-attribute")
    }

    @Test func missingRequiredAttributesAreNamed() throws {
        let noZ = Self.triangleObject.replacingOccurrences(of: "<vertex x=\"0\" y=\"1\" z=\"0\"/>", with: "<vertex x=\"0\" y=\"1\"/>")
        #expect(reason(Self.model(noZ))?.reason == .missingAttribute(element: "vertex", attribute: "z"))
        let noV2 = Self.triangleObject.replacingOccurrences(of: "v2=\"1\" ", with: "")
        #expect(reason(Self.model(noV2))?.reason == .missingAttribute(element: "triangle", attribute: "v2"))
        let noID = Self.triangleObject.replacingOccurrences(of: "object id=\"1\"", with: "object")
        #expect(reason(Self.model(noID))?.reason == .missingAttribute(element: "object", attribute: "id"))
        #expect(reason(Self.model(Self.triangleObject + "<build><item/></build>"))?.reason
                == .missingAttribute(element: "item", attribute: "objectid"))
    }

    @Test func referencesMustBeDefinedFirst() {
        #expect(reason(Self.model(Self.triangleObject + "<build><item objectid=\"2\"/></build>"))?.reason == .unknownObject(2))
        let twice = Self.triangleObject.replacingOccurrences(of: "</resources>", with: "") + Self.triangleObject
            .replacingOccurrences(of: "<resources>", with: "")
        #expect(reason(Self.model(twice))?.reason == .duplicateObjectID(1))
        let components = "<resources><object id=\"5\"><components><component objectid=\"1\"/></components></object></resources>"
        #expect(reason(Self.model(components))?.reason == .unknownObject(1))
        #expect(reason(Self.model("<resources><object id=\"1\"/></resources>"))?.reason == .emptyObject(1))
    }

    @Test func badAttributeValuesAreRefused() {
        let furlong = Data(String(decoding: Self.model("<resources/><build/>"), as: UTF8.self)
            .replacingOccurrences(of: "unit=\"millimeter\"", with: "unit=\"furlong\"").utf8)
        #expect(reason(furlong)?.code == "3mf.read.invalid-attribute")
        #expect(reason(Self.model("", attributes: " unit=\"inch\""))?.code == "3mf.read.not-well-formed", "an attribute given twice")
        let badType = Self.triangleObject.replacingOccurrences(of: "type=\"model\"", with: "type=\"thing\"")
        #expect(reason(Self.model(badType))?.code == "3mf.read.invalid-attribute")
        let shortTransform = Self.triangleObject + "<build><item objectid=\"1\" transform=\"1 0 0 0 1 0 0 0 1 0 0\"/></build>"
        #expect(reason(Self.model(shortTransform))?.code == "3mf.read.invalid-attribute")
        let badTransform = Self.triangleObject + "<build><item objectid=\"1\" transform=\"1 0 0 0 1 0 0 0 1 0 0 x\"/></build>"
        #expect(reason(Self.model(badTransform))?.reason == .malformedNumber(element: "item", attribute: "transform", text: "x"))
    }

    @Test func misplacedElementsAreRefused() {
        #expect(reason(Self.model("<resources><vertex x=\"0\" y=\"0\" z=\"0\"/></resources>"))?.reason
                == .misplacedElement(element: "vertex", parent: "resources"))
        #expect(reason(Self.model("<build><object id=\"1\"/></build>"))?.code == "3mf.read.misplaced-element")
    }

    @Test func requiredExtensionsAreRefused() {
        let error = reason(Self.model("<resources/><build/>", attributes: " xmlns:p=\"http://schemas.microsoft.com/3dmanufacturing/production/2015/06\" requiredextensions=\"p\""))
        #expect(error?.code == "3mf.read.required-extension")
    }

    @Test func extensionContentIsSkipped() throws {
        let body = """
        <metadata name="Title">t</metadata>
        <resources>
         <basematerials id="9"><base name="PLA" displaycolor="#FFFFFF"/></basematerials>
         <object id="1" pid="9" pindex="0" x:extra="1">
          <x:whatever><vertex x="nope"/></x:whatever>
          <mesh>
           <vertices><vertex x="0" y="0" z="0"/><vertex x="1" y="0" z="0"/><vertex x="0" y="1" z="0"/></vertices>
           <triangles><triangle v1="0" v2="1" v3="2" p1="0"/></triangles>
           <x:trianglesets/>
          </mesh>
         </object>
        </resources>
        <build><item objectid="1"><metadatagroup><metadata name="x:m">v</metadata></metadatagroup></item></build>
        """
        let read = try ThreeMFReader.decode(Self.model(body, attributes: " xmlns:x=\"http://example.org/x\""), source: "ext")
        #expect(read.objects.first?.mesh?.triangleCount == 1)
        #expect(read.metadata.map(\.name) == ["Title"])
        #expect(read.namespaces == [ThreeMFNamespace(prefix: "x", uri: "http://example.org/x")])
    }
}
