import Foundation
import Testing
@testable import MeshIO

/// The byte-level scanner behind `ThreeMFReader`: what well-formed XML may hold, and what it refuses.
@Suite struct XMLScannerTests {
    static let core = ThreeMF.coreNamespace

    func decode(_ xml: String) throws(ThreeMFError) -> ThreeMFModel {
        try ThreeMFReader.decode(Data(xml.utf8), source: "scan.3mf")
    }

    func refusal(_ xml: String) -> ThreeMFError? {
        do {
            _ = try decode(xml)
            return nil
        } catch {
            return error
        }
    }

    static let triangle = """
    <resources><object id="1" name="a &amp; b &#x41;&#66;"><mesh><vertices>\
    <vertex x='1' y="2" z = '3'/><vertex x="0" y="0" z="0"/><vertex x="0" y="1" z="0"></vertex></vertices>\
    <triangles><triangle v1="0" v2="1" v3="2"/></triangles></mesh></object></resources><build><item objectid="1"/></build>
    """

    @Test func quotesEntitiesCommentsProcessingInstructionsAndCDATA() throws {
        let xml = """
        \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
        <!-- made by hand -->
        <?app some instruction?>
        <model unit="millimeter" xmlns="\(Self.core)" xmlns:ag="urn:x">
        <metadata name="ag:note">1 &lt; 2 <![CDATA[<raw> & more]]> &#233;t&#xE9;<!-- not text --></metadata>
        \(Self.triangle)
        </model>
        <!-- trailing comment -->
        """
        let model = try decode(xml)
        #expect(model.objects.first?.name == "a & b AB")
        #expect(model.objects.first?.mesh?.positions.prefix(3) == [1, 2, 3])
        #expect(model.metadata.first?.value == "1 < 2 <raw> & more été")
        #expect(model.metadataValue(namespace: "urn:x", localName: "note") != nil)
    }

    @Test func prefixedCoreElementsAndForeignElementsAreHandledByNamespace() throws {
        let xml = """
        <m:model xmlns:m="\(Self.core)" xmlns:p="urn:other"><p:extra><m:object/></p:extra>
        <m:resources><m:object id="1"><m:mesh><m:vertices><m:vertex x="0" y="0" z="0"/><m:vertex x="1" y="0" z="0"/>\
        <m:vertex x="0" y="1" z="0"/></m:vertices><m:triangles><m:triangle v1="0" v2="1" v3="2"/></m:triangles></m:mesh>\
        </m:object></m:resources><m:build><m:item objectid="1"/></m:build></m:model>
        """
        let model = try decode(xml)
        #expect(model.objects.count == 1 && model.build.count == 1)
        #expect(model.namespaces.map(\.prefix) == ["m", "p"])
    }

    @Test(arguments: [
        ("<model xmlns=\"\(core)\"><resources></build></model>", "does not match"),
        ("<model xmlns=\"\(core)\"><resources>", "not closed"),
        ("<model xmlns=\"\(core)\" unit=millimeter/>", "without quotes"),
        ("<model xmlns=\"\(core)\" unit=\"mm'/>", "not closed"),
        ("<model xmlns=\"\(core)\"><metadata name=\"a&b\"/></model>", "';'"),
        ("<model xmlns=\"\(core)\"><metadata name=\"&nbsp;\"/></model>", "undeclared entity"),
        ("<model xmlns=\"\(core)\"><metadata name=\"&#1;\"/></model>", "character reference"),
        ("<model xmlns=\"\(core)\"><metadata name=\"a<b\"/></model>", "'<'"),
        ("<model xmlns=\"\(core)\" a=\"1\"a=\"2\"/>", "whitespace"),
        ("<model xmlns=\"\(core)\"/><model xmlns=\"\(core)\"/>", "after the root"),
        ("<model xmlns=\"\(core)\"/>text", "after the root"),
        ("<model xmlns=\"\(core)\"><!-- a -- b --></model>", "'--'"),
        ("<model xmlns=\"\(core)\"><x:y/></model>", "not declared"),
        ("<model xmlns=\"\(core)\"><?xml version=\"1.0\"?></model>", "XML declaration"),
        ("<model xmlns=\"\(core)\"><!ENTITY x \"y\"></model>", "'<!'"),
        ("<model xmlns=\"\(core)\">\u{01}</model>", "invalid character"),
        ("<model xmlns=\"\(core)\" xmlns:=\"urn:x\"/>", "empty prefix"),
        ("<model xmlns=\"\(core)\" xmlns:p=\"urn:p\"><p:/></model>", "not a qualified name"),
    ])
    func malformedDocumentsAreRefusedWithTheirLine(_ xml: String, _ words: String) throws {
        let error = try #require(refusal("<?xml version=\"1.0\"?>\n" + xml))
        guard case .notWellFormed(let detail) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(detail.contains(words), "\(detail)")
        #expect(error.line == 2)
    }

    @Test func aDoctypeAnywhereIsRefusedAsSuch() {
        #expect(refusal("<!DOCTYPE model><model xmlns=\"\(Self.core)\"/>")?.reason == .doctypeForbidden)
        #expect(refusal("<model xmlns=\"\(Self.core)\"><!DOCTYPE x></model>")?.reason == .doctypeForbidden)
    }

    @Test func numbersAreReadCorrectlyRoundedWithoutStrings() {
        let samples = ["0.1", "-12.345679", "3.4028235e38", "1e-45", "1.17549435e-38", "123456789012345678901234",
                       "0.000000000000000000000000000001", "16777217", "-0", "7E+2", ".5", "+2", "8.589973e9"]
        for text in samples {
            let bytes = Array(text.utf8)
            let float = bytes.withUnsafeBytes { ThreeMFNumber.float($0) }
            let double = bytes.withUnsafeBytes { ThreeMFNumber.double($0) }
            #expect(float?.bitPattern == Float(text)?.bitPattern, "\(text)")
            #expect(double?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        // Every float's shortest text reads back to the same float.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator))
            guard value.isFinite else { continue }
            let bytes = Array(value.description.utf8)
            guard bytes.withUnsafeBufferPointer({ ThreeMFNumber.isNumber($0) }) else { continue }
            #expect(bytes.withUnsafeBytes { ThreeMFNumber.float($0) }?.bitPattern == value.bitPattern, "\(value)")
        }
    }
}
