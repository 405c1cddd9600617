import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// Every file in the third-party corpora is read with exact counts, or refused with a typed error
/// whose code is pinned here. A new corpus file fails `everyCorpusFileHasAnExpectation` until added.
@Suite struct CorpusTests {
    enum Expect: Sendable {
        case mesh(MeshFormat, vertices: Int, triangles: Int)
        case refused(String)
    }

    static let assimp = "meshes/assimp/"
    static let numpy = "meshes/numpy-stl/"
    static let dental = "dental/MeshCNN-3shape-retainer-subsetup/"
    static let arch = dental + "show/1PT7E_VS_SET_VSc2_Subsetup_Retainer_Maxillar/"

    static let expectations: [String: Expect] = [
        // Not meshes: refused by extension and content.
        dental + "LICENSE": .refused("mesh.read.unsupported-format"),
        dental + "seg/1PT7E_VS_SET_VSc2_Subsetup_Retainer_Maxillar.eseg": .refused("mesh.read.unsupported-format"),
        dental + "sseg/1PT7E_VS_SET_VSc2_Subsetup_Retainer_Maxillar.seseg": .refused("mesh.read.unsupported-format"),
        arch + "test.vtk": .refused("mesh.read.unsupported-format"),
        assimp + "LICENSE": .refused("mesh.read.unsupported-format"),
        numpy + "LICENSE": .refused("mesh.read.unsupported-format"),
        numpy + "3mf/Moon.3mf": .refused("mesh.read.unsupported-format"),
        // The real arch (decimated): counts checked against an independent parse.
        arch + "mesh1.obj": .mesh(.obj, vertices: 2136, triangles: 4098),
        arch + "mesh2.obj": .mesh(.obj, vertices: 2136, triangles: 902),
        // assimp OBJ
        assimp + "OBJ/box.obj": .mesh(.obj, vertices: 8, triangles: 12),
        assimp + "OBJ/box_UTF16BE.obj": .mesh(.obj, vertices: 8, triangles: 12),
        assimp + "OBJ/box_without_lineending.obj": .mesh(.obj, vertices: 8, triangles: 12),
        assimp + "OBJ/concave_polygon.obj": .mesh(.obj, vertices: 64, triangles: 64),
        assimp + "OBJ/cube_with_vertexcolors.obj": .mesh(.obj, vertices: 8, triangles: 12),
        assimp + "OBJ/multiple_spaces.obj": .mesh(.obj, vertices: 4, triangles: 1),
        // "3.1+e2" is not a number; guessing a coordinate would be worse than refusing.
        assimp + "OBJ/number_formats.obj": .refused("mesh.read.malformed-line"),
        assimp + "OBJ/testmixed.obj": .mesh(.obj, vertices: 8, triangles: 12),
        // assimp PLY
        assimp + "PLY/Wuson.ply": .mesh(.ply, vertices: 11184, triangles: 3732),
        assimp + "PLY/cube.ply": .mesh(.ply, vertices: 8, triangles: 12),
        assimp + "PLY/cube_binary.ply": .mesh(.ply, vertices: 8, triangles: 12),
        assimp + "PLY/cube_binary_header_with_RN_newline.ply": .mesh(.ply, vertices: 8, triangles: 12),
        assimp + "PLY/cube_binary_starts_with_nl.ply": .mesh(.ply, vertices: 8, triangles: 12),
        assimp + "PLY/cube_uv.ply": .mesh(.ply, vertices: 24, triangles: 12),
        assimp + "PLY/float-color.ply": .mesh(.ply, vertices: 3, triangles: 1),
        // The header puts the index list on the vertex element and has no face element; the data disagrees.
        assimp + "PLY/issue623.ply": .refused("mesh.read.malformed-line"),
        // Security advisory payload: no format version, a duplicated vertex element, 42-corner faces.
        assimp + "PLY/payload_JVN42386607": .refused("mesh.read.bad-header"),
        assimp + "PLY/points.ply": .mesh(.ply, vertices: 4, triangles: 0),
        assimp + "PLY/pond.0.ply": .mesh(.ply, vertices: 70051, triangles: 0),
        // assimp STL
        assimp + "STL/3DSMaxExport.STL": .mesh(.stl, vertices: 1042, triangles: 2000),
        assimp + "STL/Spider_ascii.stl": .mesh(.stl, vertices: 722, triangles: 1368),
        assimp + "STL/Spider_binary.stl": .mesh(.stl, vertices: 722, triangles: 1368),
        assimp + "STL/Wuson.stl": .mesh(.stl, vertices: 2117, triangles: 3732),
        assimp + "STL/formatDetection": .mesh(.stl, vertices: 3, triangles: 1),
        assimp + "STL/sphereWithHole.stl": .mesh(.stl, vertices: 146, triangles: 285),
        assimp + "STL/triangle.stl": .mesh(.stl, vertices: 3, triangles: 1),
        assimp + "STL/triangle_with_empty_solid.stl": .mesh(.stl, vertices: 3, triangles: 1),
        assimp + "STL/triangle_with_two_solids.stl": .mesh(.stl, vertices: 6, triangles: 2),
        // assimp invalid
        assimp + "invalid/crash-30d6d0f7c529b3b66b4131700b7a4580cd7082df.ply": .refused("mesh.read.bad-header"),
        assimp + "invalid/empty.obj": .refused("mesh.read.empty"),
        assimp + "invalid/empty.ply": .refused("mesh.read.empty"),
        assimp + "invalid/malformed.obj": .refused("mesh.read.index-out-of-range"),
        assimp + "invalid/malformed2.obj": .refused("mesh.read.malformed-line"),
        // numpy-stl
        numpy + "stl_ascii/Cube.stl": .mesh(.stl, vertices: 8, triangles: 12),
        numpy + "stl_ascii/HalfDonut.stl": .mesh(.stl, vertices: 144, triangles: 288),
        numpy + "stl_ascii/Moon.stl": .mesh(.stl, vertices: 60, triangles: 116),
        numpy + "stl_ascii/Moon_Chinese.stl": .mesh(.stl, vertices: 60, triangles: 116),
        numpy + "stl_ascii/Star.stl": .mesh(.stl, vertices: 36, triangles: 68),
        numpy + "stl_binary/Cube.stl": .mesh(.stl, vertices: 8, triangles: 12),
        numpy + "stl_binary/CubeInvalidUnicode.stl": .mesh(.stl, vertices: 8, triangles: 12),
        numpy + "stl_binary/HalfDonut.stl": .mesh(.stl, vertices: 144, triangles: 288),
        numpy + "stl_binary/Moon.stl": .mesh(.stl, vertices: 60, triangles: 116),
        numpy + "stl_binary/Star.stl": .mesh(.stl, vertices: 36, triangles: 68),
        numpy + "stl_binary/StarWithEmptyHeader.stl": .mesh(.stl, vertices: 36, triangles: 68),
        numpy + "stl_binary/rear_case.stl": .mesh(.stl, vertices: 9404, triangles: 18808),
        numpy + "stl_tests/bwb.stl": .mesh(.stl, vertices: 2234, triangles: 4464),
        numpy + "stl_tests/dos.stl": .mesh(.stl, vertices: 60, triangles: 116),
        numpy + "stl_tests/triamid.stl": .mesh(.stl, vertices: 7, triangles: 10),
        numpy + "stl_tests/unix.stl": .mesh(.stl, vertices: 60, triangles: 116),
    ]

    @Test func everyCorpusFileHasAnExpectation() throws {
        let files = Corpus.allFiles()
        try #require(!files.isEmpty, "no corpus at \(Corpus.root.path): shared/ must sit beside the checkout")
        #expect(files == Self.expectations.keys.sorted())
    }

    @Test(arguments: expectations.keys.sorted())
    func corpusFile(_ path: String) throws {
        let expected = try #require(Self.expectations[path])
        switch expected {
        case .mesh(let format, let vertices, let triangles):
            let (mesh, read) = try MeshFile.load(Corpus.url(path))
            #expect(read == format)
            #expect(mesh.vertexCount == vertices)
            #expect(mesh.triangleCount == triangles)
            #expect(mesh.hasValidIndices)
            // Whatever is in the file, inspection must complete.
            #expect(MeshInspector.inspect(mesh).triangleCount == triangles)
        case .refused(let code):
            let error = try #require(throws: MeshReadError.self) { try MeshFile.read(Corpus.url(path)) }
            #expect(error.code == code, "\(error)")
            #expect(error.source == Corpus.url(path).lastPathComponent)
            #expect(error.description.hasPrefix(error.source + ":"))
        }
    }

    /// Files discovered at run time, so a file added later is still exercised for safety.
    @Test(arguments: Corpus.allFiles())
    func everyFileReadsOrRefusesWithATypedError(_ path: String) {
        do {
            let mesh = try MeshFile.read(Corpus.url(path))
            #expect(mesh.hasValidIndices)
            _ = MeshInspector.inspect(mesh)
        } catch {
            #expect(!error.description.isEmpty)
        }
    }
}
