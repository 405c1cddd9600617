import Foundation
import PlanModel
import Testing
@testable import MeshIO

@Suite struct STLCodecTests {
    func decode(_ text: String) throws(MeshReadError) -> TriangleMesh {
        try STLCodec.decode(Data(text.utf8), source: "t.stl")
    }

    @Test func binaryHeaderNeverStartsWithSolidAndNormalsAreComputed() {
        let data = STLCodec.encode(TestMeshes.cube(), name: "solid")
        #expect(data.count == 84 + 12 * 50)
        #expect(!data.starts(with: Array("solid".utf8)))
        #expect(STLCodec.detectEncoding(data) == .binary)
        data.withUnsafeBytes { raw in
            #expect(raw.u32LE(80) == 12)
            // The first cube triangle lies in z = 0 and faces -z.
            #expect([raw.f32LE(84), raw.f32LE(88), raw.f32LE(92)] == [0, 0, -1])
            #expect(raw.u16LE(84 + 48) == 0)
        }
    }

    @Test func declaredCountBeyondTheDataIsRefused() throws {
        var data = STLCodec.encode(TestMeshes.cube())
        data.replaceSubrange(80..<84, with: [0xFF, 0xFF, 0xFF, 0xFF])
        let e = try #require(throws: MeshReadError.self) { try STLCodec.decode(data, source: "big.stl") }
        guard case .countExceedsData(let element, let declared, _, let available) = e.reason else { Issue.record("\(e)"); return }
        #expect(element == "triangle" && declared == Int(UInt32.max) && available == 600)
        #expect(e.description.hasPrefix("big.stl: byte 80: header declares 4294967295 triangle records"))
    }

    @Test func countThatUnderstatesTheDataIsRefused() throws {
        var data = STLCodec.encode(TestMeshes.cube())
        data.replaceSubrange(80..<84, with: [0, 0, 0, 0])
        let e = try #require(throws: MeshReadError.self) { try STLCodec.decode(data, source: "zero.stl") }
        #expect(e.reason == .malformedRecord("the header declares 0 triangles but 12 triangles of data follow"))
    }

    @Test func shortFilesAreTruncated() throws {
        let e = try #require(throws: MeshReadError.self) { try STLCodec.decode(Data([1, 2, 3]), source: "s.stl") }
        #expect(e.reason == .truncated(expected: 84, actual: 3))
        #expect(throws: MeshReadError(source: "e.stl", reason: .empty)) { try STLCodec.decode(Data(), source: "e.stl") }
    }

    @Test func asciiIsCaseInsensitiveAndFansPolygons() throws {
        let mesh = try decode("""
            SOLID quad
            FACET NORMAL 0 0 1
            OUTER LOOP
            VERTEX 0 0 0
            VERTEX 1 0 0
            VERTEX 1 1 0
            VERTEX 0 1 0
            ENDLOOP
            ENDFACET
            ENDSOLID quad
            """)
        #expect(mesh.vertexCount == 4 && mesh.indices == [0, 1, 2, 0, 2, 3])
        // "facet" without a normal is accepted too.
        #expect(try decode("solid\nfacet outer loop vertex 0 0 0 vertex 1 0 0 vertex 0 1 0 endloop endfacet endsolid").triangleCount == 1)
    }

    @Test func asciiErrorsNameTheLine() throws {
        let body = "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 x 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid t\n"
        let bad = try #require(throws: MeshReadError.self) { try decode(body) }
        #expect(bad.line == 5)
        #expect(bad.description == "t.stl: line 5: 'x' is not a number: 'vertex 1 x 0'")
        let truncated = try #require(throws: MeshReadError.self) { try decode(String(body.prefix(60))) }
        #expect(truncated.code == "mesh.read.malformed-line")
        let noEnd = try #require(throws: MeshReadError.self) { try decode("solid t\nendsolid t\nsolid u\n") }
        #expect(noEnd.description.contains("no 'endsolid'"))
        let twoCorners = try #require(throws: MeshReadError.self) {
            try decode("solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\nendfacet\nendsolid\n")
        }
        #expect(twoCorners.description.contains("at least 3 vertices"))
    }

    @Test func weldingMergesBitIdenticalCornersAndSignedZeros() throws {
        let mesh = try decode("""
            solid w
            facet normal 0 0 1 outer loop vertex 0 0 0 vertex 1 0 0 vertex 0 1 0 endloop endfacet
            facet normal 0 0 1 outer loop vertex 1 0 0 vertex 1 1 0 vertex -0 1 -0 endloop endfacet
            facet normal 0 0 1 outer loop vertex 1.0000001 0 0 vertex 1 1 0 vertex 0 1 0 endloop endfacet
            endsolid w
            """)
        #expect(mesh.vertexCount == 5)
        #expect(mesh.indices == [0, 1, 2, 1, 3, 2, 4, 3, 2])
        #expect(mesh.positions[6].sign == .plus)
    }

    @Test func weldingScalesToManyVertices() {
        // A large grid sheet: every interior vertex shared by six triangles.
        let n = 120
        var soup: [Float] = []
        for i in 0..<n { for j in 0..<n {
            let (x0, y0, x1, y1) = (Float(i), Float(j), Float(i + 1), Float(j + 1))
            soup += [x0, y0, 0, x1, y0, 0, x1, y1, 0, x0, y0, 0, x1, y1, 0, x0, y1, 0]
        } }
        let mesh = MeshWelder.weld(soup: soup)
        #expect(mesh.vertexCount == (n + 1) * (n + 1))
        #expect(mesh.triangleCount == 2 * n * n)
        let report = MeshInspector.inspect(mesh)
        #expect(report.boundaryEdgeCount == 4 * n && report.isConsistentlyOriented && report.nonManifoldEdgeCount == 0)
    }

    @Test func encoderSkipsTrianglesWithMissingVertices() throws {
        var mesh = TestMeshes.cube()
        mesh.indices += [0, 1, 99]
        let back = try STLCodec.decode(STLCodec.encode(mesh), source: "x.stl")
        #expect(back.triangleCount == 12)
        #expect(try STLCodec.decode(STLCodec.encode(mesh, encoding: .ascii), source: "x.stl").triangleCount == 12)
    }
}
