import Foundation
import PlanModel
import Testing
@testable import MeshIO

@Suite struct OBJCodecTests {
    func decode(_ text: String) throws(MeshReadError) -> TriangleMesh {
        try OBJCodec.decode(Data(text.utf8), source: "t.obj")
    }

    @Test func faceFormsRelativeIndicesAndPolygons() throws {
        let mesh = try decode("""
            # comment
            o thing
            v 0 0 0 0.5 0.5 0.5
            v 1 0 0
            vt 0 0
            vn 0 0 1
            v 1 1 0
            v 0 1 0
            g group
            usemtl m
            s off
            f 1/1/1 2/1/1 3/1/1
            f 1//1 3//1 4//1 # trailing comment
            f -4/1 -2/1 -1/1
            f 1 2 3 4
            l 1 2
            p 3
            """)
        #expect(mesh.vertexCount == 4)
        #expect(mesh.indices == [0, 1, 2, 0, 2, 3, 0, 2, 3, 0, 1, 2, 0, 2, 3])
    }

    @Test func indexRules() throws {
        let base = "v 0 0 0\nv 1 0 0\nv 0 1 0\n"
        let forward = try #require(throws: MeshReadError.self) { try decode(base + "f 1 2 4\nv 1 1 1\n") }
        #expect(forward.reason == .indexOutOfRange(index: 4, vertexCount: 3) && forward.line == 4)
        #expect(throws: MeshReadError.self) { try decode(base + "f 0 1 2\n") }
        let relative = try #require(throws: MeshReadError.self) { try decode(base + "f -1 -2 -4\n") }
        #expect(relative.reason == .indexOutOfRange(index: -4, vertexCount: 3))
        let huge = try #require(throws: MeshReadError.self) { try decode(base + "f 1 2 99999999999999999999\n") }
        #expect(huge.code == "mesh.read.malformed-line")
        let short = try #require(throws: MeshReadError.self) { try decode(base + "v 1 2\n") }
        #expect(short.description == "t.obj: line 4: a vertex needs x, y and z: 'v 1 2'")
    }

    @Test func encodings() throws {
        let text = "v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nf 1 2 3\r\n"
        let plain = try decode(text)
        #expect(plain.triangleCount == 1)
        // UTF-8 BOM, UTF-16 LE and BE with BOM.
        #expect(try OBJCodec.decode(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), source: "t.obj") == plain)
        var le = Data([0xFF, 0xFE]), be = Data([0xFE, 0xFF])
        for unit in text.utf16 {
            le.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)])
            be.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)])
        }
        #expect(try OBJCodec.decode(le, source: "t.obj") == plain)
        #expect(try OBJCodec.decode(be, source: "t.obj") == plain)
        #expect(MeshFormat.sniff(be) == .obj)
        // UTF-16 without a BOM (or any binary) is refused, not misread.
        let nul = try #require(throws: MeshReadError.self) { try OBJCodec.decode(le.dropFirst(2), source: "t.obj") }
        #expect(nul.code == "mesh.read.unsupported-encoding")
    }

    @Test func writerOutput() {
        let text = String(decoding: OBJCodec.encode(TestMeshes.cube(), name: "my cube"), as: UTF8.self)
        #expect(text.hasPrefix("# written by aligngate\no my_cube\nv 0.0 0.0 0.0\nv 1.0 0.0 0.0\n"))
        #expect(text.hasSuffix("f 2 8 6\n"))
    }
}
