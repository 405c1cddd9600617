import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// Write → read for every writer. PLY (both encodings) and OBJ keep every bit and the vertex order;
/// STL keeps every triangle's corner positions (vertex numbering comes from welding).
@Suite struct RoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var format: MeshFormat
        var encoding: MeshEncoding
        var testDescription: String { "\(format.rawValue) \(encoding.rawValue)" }
    }

    static let cases: [Case] = [
        Case(format: .stl, encoding: .binary), Case(format: .stl, encoding: .ascii),
        Case(format: .ply, encoding: .binary), Case(format: .ply, encoding: .ascii),
        Case(format: .obj, encoding: .ascii),
    ]

    static let meshes: [TriangleMesh] = [
        TestMeshes.cube(),
        TestMeshes.random(seed: 1, vertices: 500, triangles: 1500),
        // Extremes that printing must survive: subnormals, the largest float, tiny and negative values.
        TriangleMesh(positions: [Float.leastNonzeroMagnitude, -Float.greatestFiniteMagnitude, 1e-38,
                                 0.1, -0.2, 0.3, 16_777_215, 3.4e38, -Float.leastNormalMagnitude],
                     indices: [0, 1, 2]),
    ]

    @Test(arguments: cases)
    func roundTrip(_ c: Case) throws {
        for mesh in Self.meshes {
            let data = MeshFile.encode(mesh, format: c.format, encoding: c.encoding)
            #expect(MeshFormat.sniff(data) == c.format)
            let back = try MeshFile.decode(data, format: c.format, source: "rt")
            if c.format == .stl {
                #expect(TestMeshes.soup(back) == TestMeshes.soup(mesh))
                #expect(STLCodec.detectEncoding(data) == c.encoding)
            } else {
                #expect(TestMeshes.bits(back) == TestMeshes.bits(mesh))
                #expect(back.indices == mesh.indices)
            }
        }
    }

    @Test func binaryPLYKeepsNaNPayloadsAndSignedZeros() throws {
        let odd = TriangleMesh(positions: [-0.0, .nan, .infinity, Float(bitPattern: 0x7FC0_1234), 1, -.infinity, 0, 0, 1],
                               indices: [0, 1, 2])
        let back = try PLYCodec.decode(PLYCodec.encode(odd), source: "odd.ply")
        #expect(TestMeshes.bits(back) == TestMeshes.bits(odd))
    }

    @Test func fileWriteAndReadThroughTheFileSystem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mesh = TestMeshes.random(seed: 7, vertices: 50, triangles: 80)
        for c in Self.cases {
            let url = dir.appendingPathComponent("m-\(c.encoding.rawValue).\(c.format.rawValue)")
            try MeshFile.write(mesh, to: url, format: c.format, encoding: c.encoding)
            let (back, format) = try MeshFile.load(url)
            #expect(format == c.format)
            #expect(TestMeshes.soup(back) == TestMeshes.soup(mesh))
            // Without an extension the content decides.
            let bare = dir.appendingPathComponent("bare-\(c.format.rawValue)-\(c.encoding.rawValue)")
            try FileManager.default.copyItem(at: url, to: bare)
            #expect(try MeshFile.load(bare).format == c.format)
        }
        var broken = mesh
        broken.indices[0] = 999
        #expect(throws: MeshWriteError.self) {
            try MeshFile.write(broken, to: dir.appendingPathComponent("x.ply"), format: .ply)
        }
    }

    @Test func fileErrors() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/dir/none.stl")
        #expect(throws: MeshReadError(source: "none.stl", reason: .unreadable("no such file"))) { try MeshFile.read(missing) }
        let dir = FileManager.default.temporaryDirectory
        let error = try #require(throws: MeshReadError.self) { try MeshFile.read(dir) }
        #expect(error.code == "mesh.read.unreadable")
        // A device could block or never end: only regular files are read.
        #expect(throws: MeshReadError(source: "null", reason: .unreadable("not a regular file"))) {
            try MeshFile.read(URL(fileURLWithPath: "/dev/null"))
        }
        // A symlink to a mesh is fine.
        let link = dir.appendingPathComponent("meshio-link-\(UUID().uuidString).ply")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: Corpus.url(CorpusTests.assimp + "PLY/cube.ply"))
        defer { try? FileManager.default.removeItem(at: link) }
        #expect(try MeshFile.read(link).triangleCount == 12)
    }

    /// Large enough to notice accidental quadratic behaviour, small enough for a debug build.
    @Test func largeBinaryRoundTrip() throws {
        let mesh = TestMeshes.random(seed: 3, vertices: 60_000, triangles: 170_000)
        let stl = try STLCodec.decode(STLCodec.encode(mesh), source: "big.stl")
        #expect(stl.triangleCount == 170_000)
        let ply = try PLYCodec.decode(PLYCodec.encode(mesh), source: "big.ply")
        #expect(ply == mesh)
    }
}
