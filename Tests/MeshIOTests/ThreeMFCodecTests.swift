import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// The 3MF model codec: exact round trips, the transform convention, namespaced metadata, OPC parts.
@Suite struct ThreeMFCodecTests {
    static let ag = ThreeMFNamespace(prefix: "ag", uri: "http://aligngate.org/3mf/plan/2026")

    static func sampleModel() -> ThreeMFModel {
        let pose = RigidTransform(rotation: Quaternion(axis: Vector3(0.3, -0.5, 0.8), degrees: 17.5),
                                  translation: Vector3(-12.25, 3.0e-4, 7.125))
        let cube = TestMeshes.cube(scale: 3)
        let random = TestMeshes.random(seed: 7, vertices: 200, triangles: 300)
        return ThreeMFModel(
            namespaces: [ag],
            metadata: [ThreeMFMetadata(name: "Title", value: "Case <A&B> \"7\"\nline two"),
                       ThreeMFMetadata(name: "Application", value: "aligngate"),
                       ThreeMFMetadata(name: "ag:case", value: "CASE-1", preserve: true, type: "xs:string")],
            objects: [ThreeMFObject(id: 1, name: "tooth-11", mesh: cube),
                      ThreeMFObject(id: 2, type: .model, name: "random", partNumber: "p-2",
                                    metadata: [ThreeMFMetadata(name: "ag:part", value: "r")], content: .mesh(random)),
                      ThreeMFObject(id: 3, type: .model, name: "assembly",
                                    content: .components([ThreeMFComponent(objectID: 1, transform: ThreeMFTransform(pose)),
                                                          ThreeMFComponent(objectID: 2)]))],
            build: [ThreeMFBuildItem(objectID: 1, transform: ThreeMFTransform(pose)), ThreeMFBuildItem(objectID: 2),
                    ThreeMFBuildItem(objectID: 3, transform: .identity, partNumber: "a")])
    }

    @Test func writeThenParseIsExact() throws {
        let model = Self.sampleModel()
        let data = try ThreeMFWriter.encode(model)
        let read = try ThreeMFReader.decode(data, source: "t.3mf")
        #expect(read.unit == .millimeter)
        #expect(read.language == "en-US")
        #expect(read.namespaces == [Self.ag])
        #expect(read.metadata == model.metadata)
        #expect(read.objects.count == 3)
        for (a, b) in zip(model.objects, read.objects) {
            #expect(a.id == b.id && a.name == b.name && a.type == b.type && a.partNumber == b.partNumber && a.metadata == b.metadata)
            if let ma = a.mesh, let mb = b.mesh {
                #expect(TestMeshes.bits(ma) == TestMeshes.bits(mb), "positions must survive bit for bit")
                #expect(ma.indices == mb.indices)
            }
            #expect(a.components.map(\.objectID) == b.components.map(\.objectID))
        }
        #expect(read.build.map(\.objectID) == [1, 2, 3])
        #expect(read.build[1].transform == nil)
        #expect(read.build[2].partNumber == "a")
        for (a, b) in zip(model.build, read.build) {
            if let ta = a.transform, let tb = b.transform {
                #expect(zip(ta.values, tb.values).allSatisfy { abs($0 - $1) <= 1e-12 })
            }
        }
        #expect(try ThreeMFWriter.encode(read) == data, "a model read back writes the same bytes")
    }

    @Test func xmlShapeFollowsTheCoreSpecification() throws {
        let text = String(decoding: try ThreeMFWriter.encode(Self.sampleModel()), as: UTF8.self)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model unit=\"millimeter\" xml:lang=\"en-US\" xmlns=\"\(ThreeMF.coreNamespace)\" xmlns:ag=\"http://aligngate.org/3mf/plan/2026\">"))
        #expect(text.contains("<metadata name=\"ag:case\" preserve=\"1\" type=\"xs:string\">CASE-1</metadata>"))
        #expect(text.contains("<metadata name=\"Title\">Case &lt;A&amp;B&gt; \"7\"\nline two</metadata>"))
        #expect(text.contains("<object id=\"1\" type=\"model\" name=\"tooth-11\">"))
        #expect(text.contains("<vertex x=\"3\" y=\"3\" z=\"3\"/>"))
        #expect(text.contains("<triangle v1=\"0\" v2=\"2\" v3=\"3\"/>"))
        #expect(text.contains("<item objectid=\"2\"/>"))
        #expect(text.contains("<item objectid=\"3\" transform=\"1 0 0 0 1 0 0 0 1 0 0 0\" partnumber=\"a\"/>"))
        #expect(!text.contains("DOCTYPE"))
    }

    /// p' = p · M with p a row vector: the first three numbers are the image of x, the last three the translation.
    @Test func transformConventionIsRowVectorTimesMatrix() throws {
        let quarterTurnZ = RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90), translation: Vector3(1, 2, 3))
        let t = ThreeMFTransform(quarterTurnZ)
        let expected: [Double] = [0, 1, 0, -1, 0, 0, 0, 0, 1, 1, 2, 3]
        #expect(zip(t.values, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(t.values)")
        let p = Vector3(1, 0, 0)
        #expect(t.apply(to: p).maxDifference(to: Vector3(1, 3, 3)) < 1e-15)
        #expect(t.apply(to: p).maxDifference(to: quarterTurnZ.apply(to: p)) < 1e-15)
        let back = try t.rigidTransform()
        #expect(back.maxDifference(to: quarterTurnZ) < 1e-12)
        // Composition: `after` applies the inner transform first.
        let shift = ThreeMFTransform(RigidTransform(translation: Vector3(10, 0, 0)))
        #expect(shift.after(t).apply(to: p).maxDifference(to: Vector3(11, 3, 3)) < 1e-12)
    }

    @Test func arbitraryPosesSurviveTheTransformText() throws {
        var rng = SplitMix(99)
        for _ in 0..<200 {
            let axis = Vector3(Double(rng.int(2001)) - 1000, Double(rng.int(2001)) - 1000, Double(rng.int(2001)) - 1000)
            let pose = RigidTransform(rotation: Quaternion(axis: axis, degrees: Double(rng.int(36000)) / 100),
                                      translation: Vector3(Double(rng.int(100_000)) / 997 - 50, Double(rng.int(100_000)) / 991 - 50, 1e-3))
            let model = ThreeMFModel(objects: [ThreeMFObject(id: 1, name: nil, mesh: TestMeshes.cube())],
                                     build: [ThreeMFBuildItem(objectID: 1, transform: ThreeMFTransform(pose))])
            let read = try ThreeMFReader.decode(try ThreeMFWriter.encode(model), source: "p")
            let back = try #require(read.build.first?.transform).rigidTransform()
            #expect(back.maxDifference(to: pose) < 1e-12)
        }
    }

    @Test func buildMeshPlacesItemsAndComponents() throws {
        let cube = TestMeshes.cube()  // [0,1]³
        let shiftX = ThreeMFTransform(RigidTransform(translation: Vector3(10, 0, 0)))
        let turnZ = ThreeMFTransform(RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90)))
        let model = ThreeMFModel(
            objects: [ThreeMFObject(id: 1, name: "cube", mesh: cube),
                      ThreeMFObject(id: 2, content: .components([ThreeMFComponent(objectID: 1),
                                                                 ThreeMFComponent(objectID: 1, transform: shiftX)]))],
            build: [ThreeMFBuildItem(objectID: 2, transform: turnZ)])
        let merged = model.buildMesh()
        #expect(merged.triangleCount == 2 * cube.triangleCount)
        // The component's shift first, then the item's quarter turn: x = 10…11 becomes y = 10…11.
        let box = try #require(merged.boundingBox)
        #expect(box.min.maxDifference(to: Vector3(-1, 0, 0)) < 1e-6 && box.max.maxDifference(to: Vector3(0, 11, 1)) < 1e-6)
        #expect(MeshInspector.inspect(merged).isWatertight)
    }

    @Test func nonRigidTransformsAreRefused() {
        let scaled = ThreeMFTransform(values: [2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0])
        let mirrored = ThreeMFTransform(values: [-1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
        let sheared = ThreeMFTransform(values: [1, 0.2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
        for t in [scaled, mirrored, sheared] {
            #expect(throws: ThreeMFError.self) { try t?.rigidTransform(source: "item 1") }
            do { _ = try t?.rigidTransform(source: "item 1") } catch {
                if case .nonRigidTransform = error.reason {} else { Issue.record("wrong reason \(error)") }
                #expect(error.description.hasPrefix("item 1: "))
            }
        }
    }

    @Test func controlCharactersBecomeReplacementCharacters() throws {
        let model = ThreeMFModel(metadata: [ThreeMFMetadata(name: "Title", value: "a\u{1}b\rc")],
                                 objects: [ThreeMFObject(id: 1, name: "n\u{0}", mesh: TestMeshes.cube())],
                                 build: [ThreeMFBuildItem(objectID: 1)])
        let read = try ThreeMFReader.decode(try ThreeMFWriter.encode(model), source: "c")
        #expect(read.metadataValue("Title") == "a\u{FFFD}b\rc")
        #expect(read.objects.first?.name == "n\u{FFFD}")
        #expect(!ThreeMFWriter.isRepresentable("x\u{1}") && ThreeMFWriter.representable("x\u{1}") == "x\u{FFFD}")
    }

    @Test func namespacedMetadataIsFoundWhateverThePrefix() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <model xmlns="\(ThreeMF.coreNamespace)" xmlns:q="http://aligngate.org/3mf/plan/2026">
         <metadata name="q:case">C-9</metadata>
         <resources/>
         <build/>
        </model>
        """
        let read = try ThreeMFReader.decode(Data(xml.utf8), source: "m")
        #expect(read.unit == .millimeter, "millimetre is the default unit")
        #expect(read.metadataValue(namespace: "http://aligngate.org/3mf/plan/2026", localName: "case") == "C-9")
        #expect(read.metadataValue("q:case") == "C-9")
    }

    @Test func writerRefusesWhatTheSpecificationForbids() {
        let cube = TestMeshes.cube()
        func refuses(_ model: ThreeMFModel, _ what: Comment) {
            #expect(throws: ThreeMFWriteError.self, what) { try ThreeMFWriter.encode(model) }
        }
        refuses(ThreeMFModel(metadata: [ThreeMFMetadata(name: "case", value: "x")]), "custom metadata without a prefix")
        refuses(ThreeMFModel(metadata: [ThreeMFMetadata(name: "zz:case", value: "x")]), "an undeclared prefix")
        refuses(ThreeMFModel(metadata: [ThreeMFMetadata(name: "Title", value: "a"), ThreeMFMetadata(name: "Title", value: "b")]), "a name twice")
        refuses(ThreeMFModel(objects: [ThreeMFObject(id: 1, name: nil, mesh: TriangleMesh(positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 0, 1]))]),
                "a repeated corner")
        refuses(ThreeMFModel(objects: [ThreeMFObject(id: 1, name: nil, mesh: TriangleMesh(positions: [.nan, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2]))]),
                "a NaN")
        refuses(ThreeMFModel(objects: [ThreeMFObject(id: 1, name: nil, mesh: cube)], build: [ThreeMFBuildItem(objectID: 2)]), "an unknown object")
        refuses(ThreeMFModel(objects: [ThreeMFObject(id: 1, name: nil, mesh: cube), ThreeMFObject(id: 1, name: nil, mesh: cube)]), "a duplicate id")
        refuses(ThreeMFModel(namespaces: [ThreeMFNamespace(prefix: "1x", uri: "u")]), "a bad prefix")
    }

    @Test func packagePartsNameTheModel() throws {
        let rels = ThreeMFPackage.relationshipsXML()
        let relsText = String(decoding: rels, as: UTF8.self)
        #expect(relsText.contains("<Relationship Target=\"/3D/3dmodel.model\" Id=\"rel0\" Type=\"http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel\"/>"))
        #expect(try ThreeMFPackage.modelPath(relationships: rels, source: "p") == "3D/3dmodel.model")
        let types = ThreeMFPackage.contentTypesXML()
        let typesText = String(decoding: types, as: UTF8.self)
        #expect(typesText.contains("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"))
        #expect(typesText.contains("<Default Extension=\"model\" ContentType=\"application/vnd.ms-package.3dmanufacturing-3dmodel+xml\"/>"))
        try ThreeMFPackage.checkContentTypes(types, modelPath: "3D/3dmodel.model", source: "p")
        // An Override also names the model part's type.
        let override = Data("""
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
         <Default Extension="rels" ContentType="\(ThreeMF.relationshipsContentType)"/>
         <Override PartName="/3D/Model.xml" ContentType="\(ThreeMF.modelContentType)"/>
        </Types>
        """.utf8)
        try ThreeMFPackage.checkContentTypes(override, modelPath: "3D/model.xml", source: "p")
    }

    @Test func packagePartsThatBreakTheRulesAreRefused() {
        let noModelType = Data("""
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
         <Default Extension="rels" ContentType="\(ThreeMF.relationshipsContentType)"/>
        </Types>
        """.utf8)
        #expect(throws: ThreeMFError.self) { try ThreeMFPackage.checkContentTypes(noModelType, modelPath: "3D/3dmodel.model", source: "p") }
        let noModelRelationship = Data("""
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
         <Relationship Target="/Metadata/thumbnail.png" Id="r1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"/>
        </Relationships>
        """.utf8)
        #expect(throws: ThreeMFError.self) { try ThreeMFPackage.modelPath(relationships: noModelRelationship, source: "p") }
        #expect(throws: ThreeMFError.self) { try ThreeMFPackage.modelPath(relationships: Data("garbage".utf8), source: "p") }
        let traversal = Data(String(decoding: ThreeMFPackage.relationshipsXML(modelPath: "../x.model"), as: UTF8.self).utf8)
        #expect(throws: ThreeMFError.self) { try ThreeMFPackage.modelPath(relationships: traversal, source: "p") }
    }
}
