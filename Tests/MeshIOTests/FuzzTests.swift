import Foundation
import PlanModel
import Testing
@testable import MeshIO

/// Damaged inputs: every truncation and many byte mutations of small valid files go through every
/// decoder and the sniffer; each must return a mesh (which inspection accepts) or throw — never trap or hang.
@Suite struct FuzzTests {
    static let seeds: [String] = [
        CorpusTests.assimp + "PLY/cube.ply",
        CorpusTests.assimp + "PLY/cube_binary.ply",
        CorpusTests.assimp + "PLY/cube_binary_starts_with_nl.ply",
        CorpusTests.assimp + "PLY/float-color.ply",
        CorpusTests.assimp + "STL/triangle.stl",
        CorpusTests.assimp + "OBJ/box.obj",
        CorpusTests.assimp + "OBJ/box_UTF16BE.obj",
        CorpusTests.numpy + "stl_binary/Cube.stl",
        CorpusTests.numpy + "stl_tests/triamid.stl",
    ]

    /// Decodes with every codec; returns how many decodes succeeded.
    @discardableResult
    static func exercise(_ data: Data) -> Int {
        var read = 0
        _ = MeshFormat.sniff(data)
        _ = STLCodec.detectEncoding(data)
        for format in MeshFormat.allCases {
            do {
                let mesh = try MeshFile.decode(data, format: format, source: "fuzz")
                #expect(mesh.hasValidIndices)
                _ = MeshInspector.inspect(mesh)
                read += 1
            } catch {
                _ = error.description
            }
        }
        return read
    }

    @Test(arguments: seeds)
    func everyTruncation(_ path: String) throws {
        let data = try Corpus.data(path)
        for length in 0..<data.count { Self.exercise(data.prefix(length)) }
    }

    @Test(arguments: seeds)
    func byteMutations(_ path: String) throws {
        let data = try Corpus.data(path)
        var rng = SplitMix(UInt64(data.count))
        // Values that stress parsers: huge counts, signs, digits, separators, NUL, line breaks.
        let interesting: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x0A, 0x0D, 0x20, 0x2D, 0x2F, 0x39, 0x30, 0x65, 0x2E]
        for _ in 0..<400 {
            var mutated = data
            for _ in 0..<(1 + rng.int(3)) {
                let at = rng.int(mutated.count)
                mutated[mutated.startIndex + at] = rng.int(2) == 0 ? interesting[rng.int(interesting.count)] : UInt8(rng.int(256))
            }
            Self.exercise(mutated)
        }
    }

    /// Writer output of a random mesh, cut and flipped the same way.
    @Test(arguments: RoundTripTests.cases)
    func writerOutputDamage(_ c: RoundTripTests.Case) {
        let data = MeshFile.encode(TestMeshes.random(seed: 11, vertices: 6, triangles: 5), format: c.format, encoding: c.encoding)
        for length in stride(from: 0, to: data.count, by: 3) { Self.exercise(data.prefix(length)) }
        var rng = SplitMix(99)
        for _ in 0..<200 {
            var mutated = data
            mutated[rng.int(mutated.count)] = UInt8(rng.int(256))
            Self.exercise(mutated)
        }
    }

    @Test func randomBytesAreNeverClaimedAsMeshes() {
        var rng = SplitMix(5)
        var claimed = 0
        for length in [0, 1, 3, 84, 85, 133, 500, 4096] {
            for _ in 0..<20 {
                let data = Data((0..<length).map { _ in UInt8(rng.int(256)) })
                if MeshFormat.sniff(data) != nil { claimed += 1 }
                Self.exercise(data)
            }
        }
        #expect(claimed == 0)
    }
}
