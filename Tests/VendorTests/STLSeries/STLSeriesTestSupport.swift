import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import SampleCases
@testable import STLSeriesVendor
import VendorKit

/// Small sample series written as folders or zips in a temporary directory.
enum SeriesFixtures {
    static func plan(stages: Int = 3, seed: UInt64 = 5) throws -> TreatmentPlan {
        try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: seed))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stl-series-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `files` (relative path → bytes) as a folder under `root`.
    static func folder(_ files: [String: Data], in root: URL, name: String = "series") throws -> URL {
        let dir = root.appendingPathComponent(name)
        for (path, data) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return dir
    }

    /// Writes `files` as a zip under `root`.
    static func zip(_ files: [String: Data], in root: URL, name: String = "series.zip") throws -> URL {
        let url = root.appendingPathComponent(name)
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: true)
        for path in files.keys.sorted() { try writer.add(path, data: files[path] ?? Data()) }
        _ = try writer.finish()
        return url
    }

    /// Every arch and stage of `plan` as binary STL, named by `name(jaw, stage)`.
    static func series(_ plan: TreatmentPlan, name: (Jaw, Int) -> String, transform: (TriangleMesh) -> TriangleMesh = { $0 }) -> [String: Data] {
        var files: [String: Data] = [:]
        for arch in plan.arches {
            for stage in arch.stages {
                let mesh = StageBaker.model(arch, stage: stage.index).mesh
                files[name(arch.jaw, stage.index)] = STLCodec.encode(transform(mesh))
            }
        }
        return files
    }

    /// The largest pose difference (rigid-transform max difference) between `read` and `sent`.
    static func worstPose(_ sent: TreatmentPlan, _ read: TreatmentPlan) -> Double {
        var worst = 0.0
        for arch in sent.arches {
            guard let other = read.arch(arch.jaw) else { return .infinity }
            for tooth in arch.teeth where tooth.crown != nil {
                for stage in arch.stages {
                    worst = max(worst, arch.pose(of: tooth.id, atStage: stage.index).maxDifference(to: other.pose(of: tooth.id, atStage: stage.index)))
                }
            }
        }
        return worst
    }
}
