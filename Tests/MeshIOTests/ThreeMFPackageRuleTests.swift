import Foundation
import Testing
@testable import MeshIO

/// One hand-built package per OPC and XML rule (3MF Core chapter 2): each breaks exactly one rule
/// and is refused with that rule's typed error, naming the part.
struct ThreeMFPackageRuleTests {
    typealias P = MinimalPackage

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let rule: ThreeMFRule
        let part: String?
        let parts: [String: Data]
        var testDescription: String { name }
    }

    static let thumbnail = "<Relationship Target=\"/Metadata/thumbnail.png\" Id=\"rel1\" Type=\"\(P.thumbnailType)\"/>"
    static let pngType = "<Default Extension=\"png\" ContentType=\"image/png\"/>"
    static let ticketType = "<Override PartName=\"/3D/Metadata/Model_PT.xml\" ContentType=\"application/vnd.ms-printing.printticket+xml\"/>"
    static func ticket(_ id: String) -> String {
        "<Relationship Target=\"/3D/Metadata/Model_PT.xml\" Id=\"\(id)\" Type=\"\(P.printTicketType)\"/>"
    }

    static let cases: [Case] = [
        Case(name: "a related part without a content type", rule: .partWithoutContentType, part: "Metadata/notes.txt",
             parts: P.parts(rootRelationships: P.relationships(P.startPart + "<Relationship Target=\"/Metadata/notes.txt\" Id=\"rel1\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/mustpreserve\"/>"),
                            extra: ["Metadata/notes.txt": "hello"])),
        Case(name: "no StartPart relationship", rule: .startPartCount, part: "_rels/.rels",
             parts: P.parts(rootRelationships: P.relationships(""))),
        Case(name: "two StartPart relationships", rule: .startPartCount, part: "_rels/.rels",
             parts: P.parts(rootRelationships: P.relationships(P.startPart + "<Relationship Target=\"/3D/3dmodel.model\" Id=\"rel9\" Type=\"\(ThreeMF.modelRelationshipType)\"/>"))),
        Case(name: "a thumbnail relationship to a missing part", rule: .relationshipTargetMissing, part: "_rels/.rels",
             parts: P.parts(types: P.contentTypes(extra: pngType), rootRelationships: P.relationships(P.startPart + thumbnail))),
        Case(name: "an external target", rule: .externalTarget, part: "_rels/.rels",
             parts: P.parts(rootRelationships: P.relationships(P.startPart + "<Relationship Target=\"http://example.com/x.png\" TargetMode=\"External\" Id=\"rel1\" Type=\"\(P.thumbnailType)\"/>"))),
        Case(name: "two print tickets on one model", rule: .printTicketCount, part: "3D/_rels/3dmodel.model.rels",
             parts: P.parts(types: P.contentTypes(extra: ticketType), extra: [
                "3D/_rels/3dmodel.model.rels": P.relationships(ticket("pt1") + ticket("pt2")),
                "3D/Metadata/Model_PT.xml": "<PrintTicket/>"])),
        Case(name: "a print ticket on the package root", rule: .printTicketCount, part: "_rels/.rels",
             parts: P.parts(types: P.contentTypes(extra: ticketType), rootRelationships: P.relationships(P.startPart + ticket("pt1")),
                            extra: ["3D/Metadata/Model_PT.xml": "<PrintTicket/>"])),
        Case(name: "a relationship id used twice", rule: .relationshipID, part: "_rels/.rels",
             parts: P.parts(types: P.contentTypes(extra: pngType), rootRelationships: P.relationships(P.startPart + thumbnail.replacingOccurrences(of: "rel1", with: "rel0")),
                            extra: ["Metadata/thumbnail.png": "png"])),
        Case(name: "two parts whose names differ only in case", rule: .partName, part: nil,
             parts: P.parts(types: P.contentTypes(extra: pngType), extra: ["Metadata/a.png": "1", "Metadata/A.png": "2"])),
        Case(name: "a relationship target leaving the package", rule: .partName, part: "_rels/.rels",
             parts: P.parts(rootRelationships: P.relationships(P.startPart + "<Relationship Target=\"../outside.png\" Id=\"rel1\" Type=\"\(P.thumbnailType)\"/>"))),
        Case(name: "an encoding other than UTF-8 or UTF-16", rule: .encoding, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model().replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\""))),
        Case(name: "UTF-16 declared on UTF-8 bytes", rule: .encoding, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model().replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\""))),
        Case(name: "an undeclared attribute prefix", rule: .undeclaredPrefix, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model(build: "<item objectid=\"1\" q:x=\"1\"/>"))),
        Case(name: "requiredextensions naming an undeclared prefix", rule: .undeclaredPrefix, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model(modelAttributes: "requiredextensions=\"q\""))),
        Case(name: "xml:space", rule: .xmlNamespaceAttribute, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model(build: "<item objectid=\"1\" xml:space=\"preserve\"/>"))),
        Case(name: "whitespace around an enumerated value", rule: .attributeWhitespace, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model().replacingOccurrences(of: "unit=\"millimeter\"", with: "unit=\" millimeter\""))),
        Case(name: "whitespace inside a number", rule: .attributeWhitespace, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model().replacingOccurrences(of: "x=\"10\"", with: "x=\"1 0\""))),
        Case(name: "whitespace inside an object type", rule: .attributeWhitespace, part: "3D/3dmodel.model",
             parts: P.parts(model: P.model().replacingOccurrences(of: "type=\"model\"", with: "type=\"model \""))),
    ]

    @Test(arguments: cases) func eachPackageRuleIsRefusedNamingThePart(_ c: Case) throws {
        let error = try #require(P.error(c.parts), "\(c.name) was read")
        guard case let .rule(rule, _) = error.reason else { Issue.record("\(c.name): \(error)"); return }
        #expect(rule == c.rule, "\(error)")
        if let part = c.part { #expect(error.part == part, "\(error)") }
        #expect(error.description.contains(c.rule.section), "\(error)")
        #expect(error.code == "3mf.rule." + c.rule.rawValue)
    }

    @Test func aPartNoRelationshipReachesNeedsNoContentType() throws {
        // Outside the 3D payload (PrusaSlicer's Metadata/Slic3r_PE.config is such a part).
        let model = try ThreeMFPackageReader.read(parts: P.parts(extra: ["Metadata/Slic3r_PE.config": "; settings"]), source: "slicer.3mf")
        #expect(model.objects.count == 1)
    }

    /// A related thumbnail, a print ticket on the model, a must-preserve custom part, unknown (namespaced)
    /// metadata, an unreferenced object, an extension that is not required: all allowed.
    static let conformingWithOptionalParts: [String: Data] = {
        let ext = "xmlns:v=\"http://example.com/vendor/2026\""
        let model = P.model(namespaces: ext, head: "<metadata name=\"Title\">t</metadata><metadata name=\"v:Anything\">x</metadata>",
                            resources: "<object id=\"1\" type=\"model\" v:flag=\"1\">\(P.mesh())</object><object id=\"2\" type=\"model\">\(P.mesh())</object><v:extra a=\"1\"><v:child/></v:extra>",
                            build: "<item objectid=\"1\" v:note=\"n\"><v:more/></item>")
        return P.parts(model: model, types: P.contentTypes(extra: pngType + ticketType + "<Default Extension=\"txt\" ContentType=\"text/plain\"/>"),
                       rootRelationships: P.relationships(P.startPart + thumbnail
                           + "<Relationship Target=\"/Metadata/keep.txt\" Id=\"rel2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/mustpreserve\"/>"),
                       extra: ["Metadata/thumbnail.png": "png", "Metadata/keep.txt": "keep",
                               "3D/_rels/3dmodel.model.rels": P.relationships(ticket("pt1")), "3D/Metadata/Model_PT.xml": "<PrintTicket/>"])
    }()

    @Test func aConformingPackageWithOptionalPartsReads() throws {
        let read = try ThreeMFPackageReader.read(parts: Self.conformingWithOptionalParts, source: "ok.3mf")
        #expect(read.objects.count == 2)
        #expect(read.build.count == 1)
        #expect(read.metadataValue("v:Anything") == "x")
    }

    @Test func aUTF16ModelPartReads() throws {
        let text = P.model().replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        for bigEndian in [false, true] {
            var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in text.utf16 { bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            var parts = P.parts()
            parts["3D/3dmodel.model"] = Data(bytes)
            let model = try ThreeMFPackageReader.read(parts: parts, source: "utf16.3mf")
            #expect(model.objects.first?.mesh?.triangleCount == 4)
        }
    }

    @Test func whitespaceAroundNumbersAndIdsIsCollapsedAsTheSchemaSays() throws {
        let model = P.model(resources: "<object id=\" 1 \" type=\"model\">\(P.mesh().replacingOccurrences(of: "x=\"10\"", with: "x=\" 10\t\"").replacingOccurrences(of: "v1=\"0\"", with: "v1=\"0 \""))</object>",
                            build: "<item objectid=\"1\" transform=\" 1 0 0  0 1 0 0 0 1 0 0 0 \"/>")
        let read = try ThreeMFPackageReader.read(parts: P.parts(model: model), source: "ws.3mf")
        #expect(read.objects.first?.id == 1)
        #expect(read.objects.first?.mesh?.positions[3] == 10)
    }
}
