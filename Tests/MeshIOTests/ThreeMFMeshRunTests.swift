import Foundation
import Testing
@testable import MeshIO

/// The vertex/triangle fast path reads exactly what the general scanner reads and refuses exactly what
/// it refuses: each document is decoded as written (double quotes: the fast path's spelling) and with
/// every `"` turned into `'` (a spelling only the general scanner takes), and the outcomes must agree —
/// the same model, or the same error with the same line.
@Suite struct ThreeMFMeshRunTests {
    static let core = ThreeMF.coreNamespace

    /// A model whose mesh holds `vertices` and `triangles` (raw XML), one element per line.
    static func document(vertices: String, triangles: String = #"<triangle v1="0" v2="1" v3="2"/>"#, root: String? = nil) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        \(root ?? "<model unit=\"millimeter\" xmlns=\"\(core)\">")
         <resources>
          <object id="1" type="model">
           <mesh>
            <vertices>
             \(vertices)
            </vertices>
            <triangles>
             \(triangles)
            </triangles>
           </mesh>
          </object>
         </resources>
         <build><item objectid="1"/></build>
        </model>
        """
    }

    static let plain = #"<vertex x="0" y="0" z="0"/>"# + "\n" + #"<vertex x="1.5" y="-2e1" z=".25"/>"# + "\n" + #"<vertex x="+3" y="4E-2" z="-0"/>"#

    enum Outcome: Equatable {
        case model(positions: [Float], indices: [UInt32])
        case refused(ThreeMFError)
    }

    static func outcome(_ xml: String) -> Outcome {
        do {
            let model = try ThreeMFReader.decode(Data(xml.utf8), source: "run.3mf")
            let mesh = model.objects.first?.mesh
            return .model(positions: mesh?.positions ?? [], indices: mesh?.indices ?? [])
        } catch {
            return .refused(error)
        }
    }

    static let cases: [(name: String, xml: String)] = [
        ("plain", document(vertices: plain)),
        ("any attribute order", document(vertices: #"<vertex z="3" x="1" y="2"/> <vertex y="0" z="0" x="0"/> <vertex x="0" z="1" y="0"/>"#,
                                         triangles: #"<triangle v3="2" v1="0" v2="1"/>"#)),
        ("malformed number", document(vertices: plain + "\n" + #"<vertex x="1." y="0" z="0"/>"#)),
        ("nan", document(vertices: plain + "\n" + #"<vertex x="nan" y="0" z="0"/>"#)),
        ("overflow", document(vertices: plain + "\n" + #"<vertex x="1e39" y="0" z="0"/>"#)),
        ("space in a value", document(vertices: plain + "\n" + #"<vertex x=" 1" y="0" z="0"/>"#)),
        ("tab in a value", document(vertices: plain + "\n" + "<vertex x=\"1\t\" y=\"0\" z=\"0\"/>")),
        ("character reference", document(vertices: plain + "\n" + #"<vertex x="&#49;" y="0" z="0"/>"#)),
        ("undeclared entity", document(vertices: plain + "\n" + #"<vertex x="&one;" y="0" z="0"/>"#)),
        ("'<' in a value", document(vertices: plain + "\n" + #"<vertex x="<1" y="0" z="0"/>"#)),
        ("missing attribute", document(vertices: plain + "\n" + #"<vertex x="1" y="0"/>"#)),
        ("duplicate attribute", document(vertices: plain + "\n" + #"<vertex x="1" x="2" y="0" z="0"/>"#)),
        ("extra attribute", document(vertices: plain + "\n" + #"<vertex x="1" y="0" z="0" w="9"/>"#)),
        ("no space between attributes", document(vertices: plain + "\n" + #"<vertex x="1"y="0" z="0"/>"#)),
        ("spaces around =", document(vertices: plain + "\n" + #"<vertex x = "1" y ="0" z= "0" />"#)),
        ("end tag", document(vertices: plain + "\n" + #"<vertex x="1" y="0" z="0"></vertex>"#)),
        ("unclosed", document(vertices: plain + "\n" + #"<vertex x="1" y="0" z="0">"#)),
        ("ends inside a tag", document(vertices: plain + "\n" + #"<vertex x="1" y="0" z="0""#)),
        ("longer name", document(vertices: plain + "\n" + #"<vertexes x="1" y="0" z="0"/>"#)),
        ("comment between", document(vertices: #"<vertex x="0" y="0" z="0"/><!-- c --><vertex x="1" y="0" z="0"/>"#
                                         + "\n" + #"<vertex x="0" y="1" z="0"/>"#)),
        ("text between", document(vertices: plain + " stray text")),
        ("control character between", document(vertices: plain + "\u{01}")),
        ("index out of range", document(vertices: plain, triangles: #"<triangle v1="0" v2="1" v3="3"/>"#)),
        ("negative index", document(vertices: plain, triangles: #"<triangle v1="-1" v2="1" v3="2"/>"#)),
        ("leading zeros", document(vertices: plain, triangles: #"<triangle v1="00" v2="01" v3="2"/>"#)),
        ("index past 2^31", document(vertices: plain, triangles: #"<triangle v1="2147483648" v2="1" v3="2"/>"#)),
        ("missing corner", document(vertices: plain, triangles: #"<triangle v1="0" v2="1"/>"#)),
        ("material attributes", document(vertices: plain, triangles: #"<triangle v1="0" v2="1" v3="2" pid="1" p1="0"/>"#)),
        ("prefixed elements", document(vertices: #"<m:vertex x="0" y="0" z="0"/> <m:vertex x="1" y="0" z="0"/> <m:vertex x="0" y="1" z="0"/>"#,
                                       root: "<model unit=\"millimeter\" xmlns=\"\(core)\" xmlns:m=\"\(core)\">")),
        ("foreign default namespace", document(vertices: #"<vertex xmlns="urn:other" x="0" y="0" z="0"/>"# + "\n" + plain)),
    ]

    @Test(arguments: cases.indices)
    func fastPathAgreesWithTheGeneralScanner(_ index: Int) {
        let (name, xml) = Self.cases[index]
        let fast = Self.outcome(xml)
        let general = Self.outcome(xml.replacingOccurrences(of: "\"", with: "'"))
        #expect(fast == general, "\(name): \(fast) vs \(general)")
    }

    @Test func thePlainRunIsReadByTheFastPathAndStopsAtTheEndTag() throws {
        let xml = Self.plain + "\n</vertices>"
        var positions: [Float] = []
        let stop = Data(xml.utf8).withUnsafeBytes { ThreeMFMeshRun.vertices($0, from: 0, into: &positions) }
        #expect(positions == [0, 0, 0, 1.5, -20, 0.25, 3, 0.04, -0])
        #expect(stop == xml.utf8.count - "</vertices>".utf8.count)
        var indices: [UInt32] = []
        let triangles = #"<triangle v1="0" v2="1" v3="2"/> <triangle v1="2" v2="1" v3="3"/>"#
        let end = Data(triangles.utf8).withUnsafeBytes { ThreeMFMeshRun.triangles($0, from: 0, vertexCount: 3, into: &indices) }
        // The second triangle's corner 3 is out of range: the run stops before it for the scanner to refuse.
        #expect(indices == [0, 1, 2])
        #expect(end == triangles.utf8.count - #"<triangle v1="2" v2="1" v3="3"/>"#.utf8.count)
    }

    @Test func refusalsCarryTheLineOfTheOffendingElement() {
        guard case let .refused(error) = Self.outcome(Self.cases[2].xml) else {
            Issue.record("a malformed number was accepted")
            return
        }
        #expect(error.line == 10)
        #expect(error.reason == .malformedNumber(element: "vertex", attribute: "x", text: "1."))
    }
}
