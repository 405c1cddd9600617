import Foundation
import MeshIO
import OnyxCephVendor
import PlanModel
import SampleCases
import Testing
import VendorKit

/// The older generation's whole-arch models (FORMAT.md, "Older generation"): `<id>_OnyxCeph3_Export_OK.stl`
/// / `_UK.stl` and `Step i of M` models without named objects, both read through StageRecovery. The files
/// are written here byte by byte (binary STL, OBJ text), not by an adapter's writer, from a sample plan's
/// arch models turned into the layout's frame (x, z, −y).
@Suite struct OnyxCephOlderModelsTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("onyxceph-older-\(UUID().uuidString)")

    static func plan() throws -> TreatmentPlan {
        try SampleCase.make(SampleOptions(stages: 2, trianglesPerTooth: 200, seed: 5))
    }

    /// A point of the plan's frame in the layout's.
    static func layout(_ p: Vector3) -> (Float, Float, Float) { (Float(p.x), Float(p.z), Float(-p.y)) }

    /// Binary STL: 80 header bytes, the count, then per triangle a zero normal, three corners, two bytes.
    static func binarySTL(_ mesh: TriangleMesh) -> Data {
        var out = Data(count: 80)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func f32(_ v: Float) { u32(v.bitPattern) }
        u32(UInt32(mesh.triangleCount))
        for t in 0..<mesh.triangleCount {
            for _ in 0..<3 { f32(0) }
            let (a, b, c) = mesh.triangle(t)
            for i in [a, b, c] {
                let (x, y, z) = layout(mesh.vertex(Int(i)))
                f32(x); f32(y); f32(z)
            }
            out.append(contentsOf: [0, 0])
        }
        return out
    }

    /// OBJ text of one unnamed mesh, CRLF.
    static func unnamedOBJ(_ mesh: TriangleMesh) -> Data {
        var lines = ["# OnyxCeph3 export"]
        for v in 0..<mesh.vertexCount {
            let (x, y, z) = layout(mesh.vertex(v))
            lines.append("v \(x) \(y) \(z)")
        }
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            lines.append("f \(a + 1) \(b + 1) \(c + 1)")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    func write(_ files: [String: Data]) throws -> URL {
        let folder = root.appendingPathComponent("P7")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func okAndUKStlsReadThroughTheRecovery() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = try Self.plan()
        var files: [String: Data] = [:]
        for arch in plan.arches {
            let mesh = StageBaker.model(arch, stage: 0, attachments: false).mesh
            files["P7_OnyxCeph3_Export_\(arch.jaw == .upper ? "OK" : "UK").stl"] = Self.binarySTL(mesh)
        }
        let folder = try write(files)
        #expect(OnyxCephAdapter().probe(try ArchiveListing.load(folder)) > 0)
        let result = try OnyxCephAdapter().read(folder, options: IntakeOptions())
        #expect(result.report.errors.isEmpty, "\(result.report.errors)")
        #expect(result.plan.metadata.caseID == "P7")
        #expect(result.plan.arches.map(\.jaw) == [.upper, .lower])
        for sent in plan.arches {
            let read = try #require(result.plan.arch(sent.jaw))
            // OK is the upper jaw, UK the lower; one model each: stage 0 only, every crown found.
            #expect(read.stages.map(\.index) == [0])
            #expect(read.teeth.filter { $0.crown != nil }.map(\.id) == sent.teeth.filter { $0.crown != nil }.map(\.id))
        }
        #expect(result.report.findings.contains { $0.code == "onyxceph.frames-estimated" })
    }

    @Test func unnamedStepModelsReadThroughTheRecovery() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = try Self.plan()
        let upper = try #require(plan.arch(.upper))
        var files: [String: Data] = [:]
        let last = upper.stages.count - 1
        for stage in upper.stages {
            let mesh = StageBaker.model(upper, stage: stage.index, attachments: false).mesh
            files["P7_OnyxCeph3_Export_ Step \(stage.index) of \(last) Upper.obj"] = Self.unnamedOBJ(mesh)
        }
        let result = try OnyxCephAdapter().read(try write(files), options: IntakeOptions())
        #expect(result.report.errors.isEmpty, "\(result.report.errors)")
        let read = try #require(result.plan.arch(.upper))
        #expect(result.plan.arches.count == 1)
        #expect(read.stages.map(\.index) == upper.stages.map(\.index))
        #expect(read.teeth.filter { $0.crown != nil }.map(\.id) == upper.teeth.filter { $0.crown != nil }.map(\.id))
        // The same crowns moved: registration gives the plan's poses back (Float text, so 1e-3 mm).
        var worst = 0.0
        for tooth in upper.teeth where tooth.crown != nil {
            for stage in upper.stages {
                worst = max(worst, upper.pose(of: tooth.id, atStage: stage.index).maxDifference(to: read.pose(of: tooth.id, atStage: stage.index)))
            }
        }
        #expect(worst < 1e-3)
    }
}
