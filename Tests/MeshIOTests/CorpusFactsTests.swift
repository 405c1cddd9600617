import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// Specific facts about well-known corpus files, beyond their counts.
@Suite struct CorpusFactsTests {
    static let arch = CorpusTests.arch + "mesh1.obj"

    func read(_ path: String) throws -> TriangleMesh { try MeshFile.read(Corpus.url(path)) }

    @Test func realArchHasDentalSizeAndMillimetreUnits() throws {
        let mesh = try read(Self.arch)
        #expect(mesh.triangleCount == 4098)
        let report = MeshInspector.inspect(mesh)
        let e = try #require(report.extent)
        #expect((60.5...62.0).contains(e.x), "x extent \(e.x)")
        #expect((46.0...47.5).contains(e.y), "y extent \(e.y)")
        #expect((14.5...16.0).contains(e.z), "z extent \(e.z)")
        #expect(report.unitGuess == .millimetres)
        // A scan of an arch is open at the gum line, consistently oriented, and not non-manifold.
        #expect(report.boundaryEdgeCount == 262)
        #expect(report.nonManifoldEdgeCount == 0)
        #expect(report.isConsistentlyOriented)
        #expect(report.unusedVertexCount == 316)
        #expect(Set(report.problems.map(\.code)) == [.openBoundary, .unusedVertices])
    }

    @Test func cubePLYTriangulatesQuadsIntoAClosedCube() throws {
        let mesh = try read(CorpusTests.assimp + "PLY/cube.ply")
        #expect(mesh.vertexCount == 8 && mesh.triangleCount == 12)
        let report = MeshInspector.inspect(mesh)
        #expect(report.isWatertight && report.isConsistentlyOriented)
        #expect(report.signedVolume == 1)
    }

    @Test func binaryPLYVariantsAgree() throws {
        let plain = try read(CorpusTests.assimp + "PLY/cube_binary.ply")
        let crlf = try read(CorpusTests.assimp + "PLY/cube_binary_header_with_RN_newline.ply")
        #expect(plain == crlf)
        // Its body begins with a 0x0A byte, which must not be eaten as part of the header's line break.
        let nl = try read(CorpusTests.assimp + "PLY/cube_binary_starts_with_nl.ply")
        #expect(nl.positions[0].bitPattern == 0x40BE_F60A)
        #expect(nl.positions[1] == 0 && nl.positions[2] == 0)
        #expect(MeshInspector.inspect(nl).isWatertight)
    }

    @Test func pointCloudsReadWithoutTriangles() throws {
        let pond = try read(CorpusTests.assimp + "PLY/pond.0.ply")
        #expect(pond.vertexCount == 70051 && pond.triangleCount == 0)
        #expect(pond.positions.allSatisfy { $0.isFinite })
        #expect(MeshInspector.inspect(pond).problem(.empty) != nil)
    }

    @Test func triangleSTL() throws {
        let mesh = try read(CorpusTests.assimp + "STL/triangle.stl")
        #expect(mesh.triangleCount == 1)
        #expect(mesh.positions == [1, 1, 0, -1, 1, 0, 0, -1, 0])
        #expect(try read(CorpusTests.assimp + "STL/triangle_with_two_solids.stl").triangleCount == 2)
    }

    @Test func spiderASCIIAndBinaryAgree() throws {
        let ascii = try read(CorpusTests.assimp + "STL/Spider_ascii.stl")
        let binary = try read(CorpusTests.assimp + "STL/Spider_binary.stl")
        #expect(ascii.triangleCount == binary.triangleCount)
        #expect(ascii.indices == binary.indices)
        let worst = zip(ascii.positions, binary.positions).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-5)
    }

    @Test func binarySTLWhoseHeaderStartsWithSolid() throws {
        let path = CorpusTests.numpy + "stl_binary/CubeInvalidUnicode.stl"
        let data = try Corpus.data(path)
        #expect(data.starts(with: Array(" solid".utf8)))
        #expect(STLCodec.detectEncoding(data) == .binary)
        #expect(try read(path).triangleCount == 12)
        // "solid" header and one stray trailing byte: the size rule fails, the content is still binary.
        let donut = try Corpus.data(CorpusTests.numpy + "stl_binary/HalfDonut.stl")
        #expect(donut.starts(with: Array("solid".utf8)) && donut.count == 84 + 50 * 288 + 1)
        #expect(STLCodec.detectEncoding(donut) == .binary)
        let donutASCII = try read(CorpusTests.numpy + "stl_ascii/HalfDonut.stl")
        #expect(try STLCodec.decode(donut, source: "HalfDonut.stl").triangleCount == donutASCII.triangleCount)
    }

    @Test func asciiSTLDetectionAndLineEndings() throws {
        #expect(STLCodec.detectEncoding(try Corpus.data(CorpusTests.numpy + "stl_ascii/Cube.stl")) == .ascii)
        let dos = try read(CorpusTests.numpy + "stl_tests/dos.stl")
        #expect(dos == (try read(CorpusTests.numpy + "stl_tests/unix.stl")))
        // A non-UTF-8 solid name does not stop the read.
        #expect(try read(CorpusTests.numpy + "stl_ascii/Moon_Chinese.stl") == dos)
        // No extension: the content decides.
        let url = Corpus.url(CorpusTests.assimp + "STL/formatDetection")
        #expect(try MeshFile.load(url).format == .stl)
    }

    @Test func wusonPLYAndSTLDescribeTheSameModel() throws {
        let ply = try read(CorpusTests.assimp + "PLY/Wuson.ply")
        let stl = try read(CorpusTests.assimp + "STL/Wuson.stl")
        #expect(ply.triangleCount == stl.triangleCount)
        let a = try #require(ply.boundingBox), b = try #require(stl.boundingBox)
        #expect(a.min.maxDifference(to: b.min) < 1e-5 && a.max.maxDifference(to: b.max) < 1e-5)
    }

    @Test func objVariantsOfTheBoxAgree() throws {
        let box = try read(CorpusTests.assimp + "OBJ/box.obj")
        #expect(try read(CorpusTests.assimp + "OBJ/box_UTF16BE.obj") == box)
        #expect(try read(CorpusTests.assimp + "OBJ/box_without_lineending.obj") == box)
        // Vertex colours after xyz are ignored.
        let coloured = try read(CorpusTests.assimp + "OBJ/cube_with_vertexcolors.obj")
        #expect(coloured.positions.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(MeshInspector.inspect(coloured).isWatertight)
    }

    @Test func invalidFilesSayWhereAndWhy() throws {
        let malformed = try #require(throws: MeshReadError.self) { try read(CorpusTests.assimp + "invalid/malformed.obj") }
        #expect(malformed.reason == .indexOutOfRange(index: 12, vertexCount: 8))
        #expect(malformed.line == 23)
        let numbers = try #require(throws: MeshReadError.self) { try read(CorpusTests.assimp + "OBJ/number_formats.obj") }
        #expect(numbers.line == 11)
        #expect(numbers.description.contains("3.1+e2"))
        let payload = try #require(throws: MeshReadError.self) { try read(CorpusTests.assimp + "PLY/payload_JVN42386607") }
        #expect(payload.line == 2)
    }

    /// The advisory payload with its format line repaired still fails, on its duplicated element.
    @Test func repairedAdvisoryPayloadIsStillRefused() throws {
        var text = try Corpus.data(CorpusTests.assimp + "PLY/payload_JVN42386607")
        let fixed = Data("format ascii 1.0\n".utf8)
        let range = try #require(text.range(of: Data("format ascii\n".utf8)))
        text.replaceSubrange(range, with: fixed)
        let error = try #require(throws: MeshReadError.self) { try PLYCodec.decode(text, source: "payload") }
        #expect(error.reason == .badHeader("element 'vertex' is declared twice"))
        // And with the duplicate renamed, the oversized faces are caught by index checks.
        let renamed = String(decoding: text, as: UTF8.self).replacingOccurrences(of: "element vertex 7", with: "element other 7")
        let second = try #require(throws: MeshReadError.self) { try PLYCodec.decode(Data(renamed.utf8), source: "payload") }
        #expect(second.code == "mesh.read.index-out-of-range" || second.code == "mesh.read.malformed-line", "\(second)")
    }
}
