import Foundation
import MeshIO
import PlanModel
@testable import SampleCases
import StageRecovery
import VendorKit

/// Sample arches as stage models, the recovery run over them, and pose errors against the truth.
enum RecoveryFixtures {
    /// A small sample (200 triangles per tooth) so debug-build tests take seconds.
    static func plan(stages: Int = 4) throws -> TreatmentPlan {
        try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: 7))
    }

    /// Stage `s` of `arch` as its binary STL read back (what an STL series holds).
    static func stlModel(_ arch: Arch, stage s: Int) throws -> TriangleMesh {
        try STLCodec.decode(StageBaker.binarySTL(arch, stage: s, name: "stage \(s)").stl, source: "stage-\(s).stl")
    }

    /// Runs recovery over every stage of `arch`, each model passed through `alter` first.
    static func recover(_ arch: Arch, teeth: [ToothID]? = nil, alter: (TriangleMesh, Int) -> TriangleMesh = { m, _ in m }) throws -> RecoveredArch {
        var recovery = ArchRecovery(jaw: arch.jaw, stage0: alter(try stlModel(arch, stage: 0), 0))
        for stage in arch.stages where stage.index > 0 {
            recovery.add(stage: stage.index, mesh: alter(try stlModel(arch, stage: stage.index), stage.index))
        }
        return try recovery.finish(teeth: teeth)
    }

    /// The largest position error (mm, at each crown's centroid) and rotation error (degrees) of the
    /// recovered poses against the plan's, over every tooth and stage; also how many poses were compared.
    static func poseErrors(_ recovered: Arch, truth: Arch) -> (mm: Double, degrees: Double, compared: Int) {
        var mm = 0.0, degrees = 0.0, compared = 0
        for tooth in truth.teeth {
            guard let crown = tooth.crown else { continue }
            let centre = CrownFrames.areaCentroid(crown)
            for stage in truth.stages {
                let want = truth.pose(of: tooth.id, atStage: stage.index)
                guard let got = recovered.stages.first(where: { $0.index == stage.index })?.poses[tooth.id] else {
                    return (.infinity, .infinity, compared)
                }
                mm = max(mm, (got.apply(to: centre) - want.apply(to: centre)).length)
                degrees = max(degrees, (got.rotation * want.rotation.conjugate).angleDegrees)
                compared += 1
            }
        }
        return (mm, degrees, compared)
    }

    /// `mesh` with its vertices and triangles in a seeded random order (no correspondence left).
    static func shuffled(_ mesh: TriangleMesh, seed: UInt64) -> TriangleMesh {
        var rng = SplitMix64(seed: seed, stream: 31)
        var order = Array(0..<mesh.vertexCount)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.integer(0...i)) }
        var newIndex = [UInt32](repeating: 0, count: order.count)
        var positions = [Float](repeating: 0, count: mesh.positions.count)
        for (new, old) in order.enumerated() {
            newIndex[old] = UInt32(new)
            for k in 0..<3 { positions[3 * new + k] = mesh.positions[3 * old + k] }
        }
        var triangles = Array(0..<mesh.triangleCount)
        for i in stride(from: triangles.count - 1, to: 0, by: -1) { triangles.swapAt(i, rng.integer(0...i)) }
        var indices: [UInt32] = []
        for t in triangles {
            let (a, b, c) = mesh.triangle(t)
            // Rotate each triangle's corners too (same orientation, another first corner).
            let corners = [newIndex[Int(a)], newIndex[Int(b)], newIndex[Int(c)]]
            let r = rng.integer(0...2)
            indices += [corners[r], corners[(r + 1) % 3], corners[(r + 2) % 3]]
        }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// `mesh` with Gaussian noise of `sigma` mm on every vertex (Box–Muller over a seeded generator).
    static func noisy(_ mesh: TriangleMesh, sigma: Double, seed: UInt64) -> TriangleMesh {
        var rng = SplitMix64(seed: seed, stream: 37)
        var out = mesh
        for i in out.positions.indices {
            let u = max(rng.unit(), 1e-300), v = rng.unit()
            out.positions[i] += Float(sigma * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        return out
    }

    /// `arch` without the teeth `removed` (crowns, poses and their attachments gone: a gap in the arch).
    static func removing(_ removed: Set<ToothID>, from arch: Arch) -> Arch {
        var a = arch
        a.teeth.removeAll { removed.contains($0.id) }
        a.attachments.removeAll { removed.contains($0.tooth) }
        a.ipr = []
        for i in a.stages.indices { for id in removed { a.stages[i].poses[id] = nil } }
        return a
    }

    /// The stage model of `arch` with crowns and gingiva fused into one shell: each crown joined to the
    /// gingiva by one extra triangle over a crown edge and the nearest gingiva vertex (no attachments).
    static func fusedModel(_ arch: Arch, stage: Int) -> TriangleMesh {
        var plain = arch
        plain.attachments = []
        var mesh = TriangleMesh()
        guard let gingiva = arch.gingiva else { return mesh }
        mesh.append(gingiva)
        let g = (0..<gingiva.vertexCount).map(gingiva.vertex)
        for tooth in StageBaker.orderedCrowns(plain) {
            guard let crown = tooth.crown else { continue }
            let offset = UInt32(mesh.vertexCount)
            // The bridge is chosen at stage 0 so every stage has the same topology.
            let (a, b, _) = crown.triangle(0)
            let anchor = crown.vertex(Int(a))
            let nearest = g.indices.min { (g[$0] - anchor).length < (g[$1] - anchor).length } ?? 0
            mesh.append(crown.transformed(by: arch.pose(of: tooth.id, atStage: stage)))
            mesh.indices += [offset + a, offset + b, UInt32(nearest)]
        }
        return mesh
    }
}
