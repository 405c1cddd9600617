import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// Components: objects made of other objects, each placed by its own transform (3MF Core §4.2). Written
/// and read exactly; references must be to objects defined earlier, so cycles cannot be written or read.
@Suite struct ThreeMFComponentTests {
    static let turn = RigidTransform(rotation: Quaternion(axis: Vector3(0.2, 0.9, -0.4), degrees: 33.3),
                                     translation: Vector3(1.0 / 3, -2.5e-3, 12))
    static let shift = RigidTransform(translation: Vector3(10, 0, 0))

    /// Two parts, an assembly of them (one turned), and an assembly of that assembly (shifted): one build item.
    static func assembly() -> ThreeMFModel {
        ThreeMFModel(
            objects: [ThreeMFObject(id: 1, name: "part-a", mesh: TestMeshes.cube()),
                      ThreeMFObject(id: 2, name: "part-b", mesh: TestMeshes.random(seed: 3, vertices: 40, triangles: 60)),
                      ThreeMFObject(id: 5, name: "pair", content: .components([
                          ThreeMFComponent(objectID: 1, transform: ThreeMFTransform(turn)), ThreeMFComponent(objectID: 2)])),
                      ThreeMFObject(id: 7, name: "arch", content: .components([
                          ThreeMFComponent(objectID: 5, transform: ThreeMFTransform(shift)),
                          ThreeMFComponent(objectID: 1, transform: .identity)]))],
            build: [ThreeMFBuildItem(objectID: 7)])
    }

    @Test func componentsAndTheirTransformsRoundTripExactly() throws {
        let model = Self.assembly()
        let data = try ThreeMFWriter.encode(model)
        let read = try ThreeMFReader.decode(data, source: "assembly.3mf")
        #expect(read.objects.map(\.id) == [1, 2, 5, 7])
        #expect(read.objects.map(\.name) == ["part-a", "part-b", "pair", "arch"])
        #expect(read.objects[2].mesh == nil && read.objects[3].mesh == nil, "an object with components has no mesh")
        for (a, b) in zip(model.objects, read.objects) {
            #expect(a.components == b.components, "object \(a.id): ids and transform numbers exactly as written")
            if let ma = a.mesh { #expect(TestMeshes.bits(ma) == TestMeshes.bits(try #require(b.mesh))) }
        }
        #expect(read.objects[2].components[0].transform == ThreeMFTransform(Self.turn))
        #expect(read.objects[3].components[1].transform == .identity, "an identity written out stays written out")
        #expect(read.objects[2].components[1].transform == nil, "no transform attribute reads as none")
        #expect(read.build == model.build)
        #expect(read.triangleCount == model.triangleCount, "only mesh objects count")
        #expect(try ThreeMFWriter.encode(read) == data, "a model read back writes the same bytes")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("  <object id=\"5\" type=\"model\" name=\"pair\">\n   <components>\n    <component objectid=\"1\" transform=\"\(ThreeMFTransform(Self.turn).description)\"/>\n    <component objectid=\"2\"/>\n   </components>\n  </object>\n"))
    }

    /// Nested components compose: a part's own transform first, then each enclosing component's, then the item's.
    @Test func buildMeshResolvesNestedComponents() throws {
        let model = Self.assembly()
        let merged = model.buildMesh()
        let cube = TestMeshes.cube(), b = TestMeshes.random(seed: 3, vertices: 40, triangles: 60)
        #expect(merged.triangleCount == 2 * cube.triangleCount + b.triangleCount)
        let turnedShifted = cube.transformed(by: Self.shift.composed(with: Self.turn))
        for v in 0..<cube.vertexCount {
            #expect(merged.vertex(v).maxDifference(to: turnedShifted.vertex(v)) < 1e-5)
        }
        let lastCube = merged.vertexCount - cube.vertexCount
        #expect(merged.vertex(lastCube + 6).maxDifference(to: cube.vertex(6)) < 1e-6, "the identity component leaves the part")
    }

    @Test func theReaderRefusesReferencesToObjectsNotDefinedBefore() throws {
        func reason(_ resources: String) -> ThreeMFError.Reason? {
            let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <model unit="millimeter" xmlns="\(ThreeMF.coreNamespace)">
             <resources>
              <object id="1"><mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="1" y="0" z="0"/><vertex x="0" y="1" z="0"/></vertices><triangles><triangle v1="0" v2="1" v3="2"/></triangles></mesh></object>
            \(resources)
             </resources>
             <build/>
            </model>
            """
            do {
                _ = try ThreeMFReader.decode(Data(xml.utf8), source: "c.3mf")
                return nil
            } catch {
                return error.reason
            }
        }
        #expect(reason("<object id=\"2\"><components><component objectid=\"1\"/></components></object>") == nil)
        #expect(reason("<object id=\"2\"><components><component objectid=\"9\"/></components></object>") == .unknownObject(9), "undefined")
        // A cycle needs a reference forward (2 → 3 → 2): refused at that reference.
        #expect(reason("""
            <object id="2"><components><component objectid="3"/></components></object>
            <object id="3"><components><component objectid="2"/></components></object>
            """) == .unknownObject(3))
        #expect(reason("<object id=\"2\"><components><component objectid=\"1\"/><component objectid=\"2\"/></components></object>")
                == .componentCycle(2), "an object inside itself")
        // An object holds a mesh or components, once.
        #expect(reason("<object id=\"2\"><components><component objectid=\"1\"/></components><mesh/></object>")
                == .misplacedElement(element: "mesh", parent: "object"))
        #expect(reason("<object id=\"2\"><components><component objectid=\"1\"/></components><components><component objectid=\"1\"/></components></object>")
                == .misplacedElement(element: "components", parent: "object"))
        #expect(reason("<object id=\"2\"><components/></object>") == .emptyObject(2))
        #expect(reason("<object id=\"2\"><components><component/></components></object>") == .missingAttribute(element: "component", attribute: "objectid"))
        #expect(reason("<object id=\"2\"><components><component objectid=\"1\" transform=\"1 0 0\"/></components></object>")
                == .invalidAttribute(element: "component", attribute: "transform", text: "1 0 0", expected: "12 numbers"))
    }

    @Test func theCycleErrorNamesTheLine() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <model unit="millimeter" xmlns="\(ThreeMF.coreNamespace)">
         <resources>
          <object id="4">
           <components>
            <component objectid="4"/>
           </components>
          </object>
         </resources>
        </model>
        """
        do {
            _ = try ThreeMFReader.decode(Data(xml.utf8), source: "loop.3mf")
            Issue.record("a self-referencing object was read")
        } catch {
            #expect(error.reason == .componentCycle(4))
            #expect(error.line == 6)
            #expect(error.code == "3mf.read.component-cycle")
            #expect(error.description == "loop.3mf: 3D/3dmodel.model: line 6: object 4 is a component of itself")
        }
    }

    @Test func theWriterRefusesCyclesUndefinedAndEmptyComponents() throws {
        let cube = TestMeshes.cube()
        func reason(_ objects: [ThreeMFObject], build: [ThreeMFBuildItem] = []) -> ThreeMFWriteError.Reason? {
            do {
                _ = try ThreeMFWriter.encode(ThreeMFModel(objects: objects, build: build))
                return nil
            } catch {
                return error.reason
            }
        }
        func parts(_ id: Int, _ refs: Int...) -> ThreeMFObject {
            ThreeMFObject(id: id, content: .components(refs.map { ThreeMFComponent(objectID: $0) }))
        }
        let part = ThreeMFObject(id: 1, name: "part", mesh: cube)
        #expect(reason([part, parts(2, 1)], build: [ThreeMFBuildItem(objectID: 2)]) == nil)
        #expect(reason([part, parts(2, 1, 2)]) == .componentCycle([2, 2]))
        #expect(reason([part, parts(2, 3), parts(3, 4), parts(4, 2)]) == .componentCycle([2, 3, 4, 2]))
        #expect(reason([part, parts(2, 3), parts(3, 1)]) == .unknownObject(3), "no cycle, but a reference forward")
        #expect(reason([part, parts(2, 9)]) == .unknownObject(9))
        #expect(reason([part, parts(2)]) == .emptyComponents(object: 2))
        let nan = ThreeMFTransform(values: [1, 0, 0, 0, 1, 0, 0, 0, 1, .nan, 0, 0])
        #expect(reason([part, ThreeMFObject(id: 2, content: .components([ThreeMFComponent(objectID: 1, transform: nan)]))])
                == .nonFinite(object: 2))
        let error = ThreeMFWriteError(.componentCycle([2, 3, 2]))
        #expect(error.description == "3MF: not written: the components form a cycle (objects 2 → 3 → 2)")
    }

    @Test func componentCycleFindsCyclesWhateverTheOrder() {
        func model(_ links: [Int: [Int]]) -> ThreeMFModel {
            ThreeMFModel(objects: links.keys.sorted().map { id in
                ThreeMFObject(id: id, content: .components((links[id] ?? []).map { ThreeMFComponent(objectID: $0) }))
            })
        }
        #expect(model([1: [2], 2: [3], 3: []]).componentCycle() == nil)
        #expect(model([1: [2, 3], 2: [3], 3: []]).componentCycle() == nil, "a shared part is no cycle")
        #expect(model([1: [9]]).componentCycle() == nil, "a missing object is not followed")
        #expect(model([1: [2], 2: [3], 3: [2]]).componentCycle() == [2, 3, 2])
        #expect(model([5: [5]]).componentCycle() == [5, 5])
        // buildMesh stops at its depth limit instead of looping.
        var looped = model([1: [2], 2: [1]])
        looped.build = [ThreeMFBuildItem(objectID: 1)]
        #expect(looped.buildMesh().triangleCount == 0)
    }
}
