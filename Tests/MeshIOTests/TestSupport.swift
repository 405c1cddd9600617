import Foundation
import PlanModel
@testable import MeshIO

/// Deterministic generator so fuzz and random meshes are the same on every run.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

enum TestMeshes {
    /// The unit cube [0,1]³, 8 vertices, 12 triangles, counter-clockwise seen from outside.
    static func cube(scale: Float = 1) -> TriangleMesh {
        var positions: [Float] = []
        for i in 0..<8 {
            positions += [Float(i & 1), Float(i >> 1 & 1), Float(i >> 2 & 1)].map { $0 * scale }
        }
        let indices: [UInt32] = [0, 2, 3, 0, 3, 1, 4, 5, 7, 4, 7, 6, 0, 1, 5, 0, 5, 4,
                                 2, 6, 7, 2, 7, 3, 0, 4, 6, 0, 6, 2, 1, 3, 7, 1, 7, 5]
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// Random finite positions over many magnitudes (to stress float printing) and random distinct-corner triangles.
    static func random(seed: UInt64, vertices: Int, triangles: Int) -> TriangleMesh {
        var rng = SplitMix(seed)
        var positions: [Float] = []
        for _ in 0..<(vertices * 3) {
            let mantissa = Float(Int(truncatingIfNeeded: rng.next() % 2_000_001) - 1_000_000) / 7919
            let exponent = Float(rng.int(13)) - 6
            positions.append(mantissa * Float(pow(10, Double(exponent))))
        }
        var indices: [UInt32] = []
        for _ in 0..<triangles {
            let a = rng.int(vertices)
            var b = rng.int(vertices), c = rng.int(vertices)
            while b == a { b = rng.int(vertices) }
            while c == a || c == b { c = rng.int(vertices) }
            indices += [UInt32(a), UInt32(b), UInt32(c)]
        }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// Corner positions triangle by triangle: equal for meshes that differ only in vertex numbering.
    static func soup(_ mesh: TriangleMesh) -> [Float] {
        mesh.indices.flatMap { i in mesh.positions[Int(i) * 3..<Int(i) * 3 + 3] }
    }

    /// Positions as bit patterns, so NaN and -0 compare exactly.
    static func bits(_ mesh: TriangleMesh) -> [UInt32] { mesh.positions.map(\.bitPattern) }

    /// Bytes of an ASCII string.
    static func data(_ text: String) -> Data { Data(text.utf8) }
}
