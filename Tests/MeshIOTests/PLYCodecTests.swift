import Foundation
import PlanModel
import Testing
@testable import MeshIO

@Suite struct PLYCodecTests {
    func decode(_ text: String) throws(MeshReadError) -> TriangleMesh {
        try PLYCodec.decode(Data(text.utf8), source: "t.ply")
    }

    func error(_ text: String) -> MeshReadError? {
        do { _ = try decode(text); return nil } catch { return error }
    }

    static let asciiTriangle = """
        ply
        format ascii 1.0
        element vertex 3
        property float x
        property float y
        property float z
        element face 1
        property list uchar int vertex_indices
        end_header
        0 0 0
        1 0 0
        0 1 0
        3 0 1 2

        """

    @Test func asciiWithExtraPropertiesAndElements() throws {
        let mesh = try decode("""
            ply\r
            format ascii 1.0\r
            comment colours, normals and an edge element with a list are skipped\r
            element vertex 4\r
            property uchar red\r
            property double x\r
            property float nx\r
            property int y\r
            property list uchar float extra\r
            property float z\r
            element edge 1\r
            property list int int pair\r
            element face 1\r
            property uchar flags\r
            property list uchar uint vertex_index\r
            property list uchar float texcoord\r
            end_header\r
            255 0.5 1 1 2 9 9 3\r
            0 1.5 1 2 0 4\r
            0 2.5 1 3 1 7 5\r
            0 3.5 1 4 0 6\r
            2 0 1\r
            0 4 0 1 2 3 2 0.5 0.5\r
            """)
        #expect(mesh.positions == [0.5, 1, 3, 1.5, 2, 4, 2.5, 3, 5, 3.5, 4, 6])
        #expect(mesh.indices == [0, 1, 2, 0, 2, 3])
    }

    @Test func bigEndianBinaryReads() throws {
        var data = Data("""
            ply
            format binary_big_endian 1.0
            element vertex 3
            property float x
            property float y
            property float z
            element face 1
            property list uchar ushort vertex_indices
            end_header

            """.utf8)
        for v: Float in [0, 0, 0, 1, 0, 0, 0, 1, 0] { withUnsafeBytes(of: v.bitPattern.bigEndian) { data.append(contentsOf: $0) } }
        data.append(3)
        for i: UInt16 in [0, 1, 2] { withUnsafeBytes(of: i.bigEndian) { data.append(contentsOf: $0) } }
        let mesh = try PLYCodec.decode(data, source: "be.ply")
        #expect(mesh.positions == [0, 0, 0, 1, 0, 0, 0, 1, 0])
        #expect(mesh.indices == [0, 1, 2])
    }

    @Test func hugeDeclaredCountsAreRefusedBeforeAllocating() throws {
        for format in ["ascii", "binary_little_endian"] {
            let text = """
                ply
                format \(format) 1.0
                element vertex 1000000000
                property float x
                property float y
                property float z
                end_header
                0 0 0

                """
            let e = try #require(error(text))
            guard case .countExceedsData(let element, let declared, let minimum, _) = e.reason else {
                Issue.record("\(e)"); continue
            }
            #expect(element == "vertex" && declared == 1_000_000_000 && minimum >= 6_000_000_000)
            #expect(e.description.contains("1000000000 vertex records"))
        }
        // Counts whose byte size overflows Int.
        let overflow = try #require(error(Self.asciiTriangle.replacingOccurrences(of: "element face 1", with: "element face 9223372036854775807")))
        #expect(overflow.code == "mesh.read.count-exceeds-data")
    }

    @Test func binaryFaceListLongerThanTheDataIsTruncation() throws {
        var data = Data("""
            ply
            format binary_little_endian 1.0
            element vertex 3
            property float x
            property float y
            property float z
            element face 1
            property list uint uint vertex_indices
            end_header

            """.utf8)
        data.append(Data(count: 36))
        withUnsafeBytes(of: UInt32(4_000_000_000).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(count: 12))
        let e = try #require(throws: MeshReadError.self) { try PLYCodec.decode(data, source: "t.ply") }
        guard case .truncated = e.reason else { Issue.record("\(e)"); return }
        #expect(e.byteOffset != nil)
    }

    @Test func headerRules() {
        func reason(_ text: String) -> MeshReadError.Reason? { error(text)?.reason }
        let t = Self.asciiTriangle
        #expect(reason("plx\n") == .badHeader("a PLY file starts with the line 'ply'"))
        #expect(reason("ply\nformat ascii 1.0\nelement vertex 0\n") == .badHeader("the data ends before 'end_header'"))
        #expect(error(t.replacingOccurrences(of: "ascii", with: "binary_middle_endian"))?.code == "mesh.read.unsupported-encoding")
        #expect(reason(t.replacingOccurrences(of: "property float z", with: "property float w"))
                    == .badHeader("the vertex element has no scalar property 'z'"))
        #expect(reason(t.replacingOccurrences(of: "uchar int vertex", with: "uchar float vertex"))
                    == .badHeader("face vertex indices must have an integer type"))
        #expect(reason(t.replacingOccurrences(of: "property list uchar int vertex_indices", with: "property uchar flags"))
                    == .badHeader("the face element has no list property 'vertex_indices'"))
        #expect(reason(t.replacingOccurrences(of: "property float y", with: "property float128 y"))
                    == .badHeader("unknown property type or shape"))
        #expect(reason(t.replacingOccurrences(of: "element vertex 3", with: "element vertex -3"))
                    == .badHeader("an element line is 'element <name> <count>'"))
        #expect(reason("ply\nformat ascii 1.0\nelement vertex 0\nelement nothing 5\nproperty float x\nproperty float y\nproperty float z\nend_header\n")
                    == .badHeader("the vertex element has no scalar property 'x'"))
        #expect(reason("ply\nformat ascii 1.0\nelement nothing 5\nelement vertex 0\nproperty float x\nproperty float y\nproperty float z\nend_header\n")
                    == .badHeader("element 'nothing' declares 5 records but no properties"))
        #expect(error(t.replacingOccurrences(of: "element vertex 3", with: "element vertex 4294967296"))?.code == "mesh.read.too-large")
        // Triangle strips would be lost if skipped, so they are refused.
        #expect(error(t.replacingOccurrences(of: "end_header", with: "element tristrips 1\nproperty list int int vertex_indices\nend_header"))?
                    .code == "mesh.read.unsupported-format")
    }

    @Test func faceRules() throws {
        // Padding keeps the short bodies below past the bytes-per-record precheck, so the face rules fire.
        let t = Self.asciiTriangle + String(repeating: "\n", count: 16)
        let outOfRange = try #require(error(t.replacingOccurrences(of: "3 0 1 2", with: "3 0 1 3")))
        #expect(outOfRange.reason == .indexOutOfRange(index: 3, vertexCount: 3))
        #expect(outOfRange.line == 13)
        #expect(error(t.replacingOccurrences(of: "3 0 1 2", with: "3 0 -1 2"))?.reason == .indexOutOfRange(index: -1, vertexCount: 3))
        #expect(error(t.replacingOccurrences(of: "3 0 1 2", with: "2 0 1"))?.code == "mesh.read.malformed-line")
        #expect(error(t.replacingOccurrences(of: "3 0 1 2", with: "3 0 1"))?.code == "mesh.read.malformed-line")
        #expect(error(t.replacingOccurrences(of: "1 0 0", with: "1 zero 0"))?.code == "mesh.read.malformed-line")
        // A quad is fan-triangulated.
        let quad = try decode(t.replacingOccurrences(of: "element vertex 3", with: "element vertex 4")
            .replacingOccurrences(of: "3 0 1 2", with: "0 0 1\n4 0 1 2 3"))
        #expect(quad.indices == [0, 1, 2, 0, 2, 3])
    }

    @Test func nonFiniteCoordinatesAreRead() throws {
        let mesh = try decode(Self.asciiTriangle.replacingOccurrences(of: "1 0 0", with: "nan inf -inf"))
        #expect(mesh.positions[3].isNaN && mesh.positions[4] == .infinity && mesh.positions[5] == -.infinity)
        #expect(MeshInspector.inspect(mesh).nonFiniteVertexCount == 1)
    }

    @Test func writerHeaderIsTheDocumentedLayout() {
        let data = PLYCodec.encode(TestMeshes.cube())
        let text = String(decoding: data.prefix(200), as: UTF8.self)
        #expect(text.hasPrefix("ply\nformat binary_little_endian 1.0\n"))
        #expect(text.contains("element vertex 8\nproperty float x\nproperty float y\nproperty float z\n"))
        #expect(text.contains("element face 12\nproperty list uchar uint vertex_indices\nend_header\n"))
        let headerLength = (text.range(of: "end_header\n")?.upperBound).map { text.utf8.distance(from: text.startIndex, to: $0) } ?? 0
        #expect(data.count == headerLength + 8 * 12 + 12 * 13)
    }
}
