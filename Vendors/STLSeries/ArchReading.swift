import Foundation
import PlanModel
import StageRecovery
import VendorKit

/// Reads and recovers the arches at the same time, one thread per arch: an arch's recovery is sequential
/// (each stage is tracked from the nearest stage already added), the two arches share nothing. Per arch,
/// stage 0 first, then its later stages (in stage order from a folder, archive order from an archive).
enum ArchReading {
    /// One arch read: its recovery so far and the units its models were in.
    struct Read: Sendable {
        var recovery: ArchRecovery
        var units: UnitLedger
    }

    /// Every arch of `models`; the error thrown is the upper arch's when both fail, so it does not depend on timing.
    static func read(_ models: [Jaw: [SeriesLayout.Model]], files: SeriesFiles, progress: ProgressMeter?) throws(VendorError) -> [Jaw: Read] {
        let jaws = models.keys.sorted()
        let results = Results(count: jaws.count)
        DispatchQueue.concurrentPerform(iterations: jaws.count) { i in
            let jaw = jaws[i]
            results.set(i, Result { () throws(VendorError) -> Read in try readArch(models[jaw] ?? [], jaw: jaw, files: files, progress: progress) })
        }
        var out: [Jaw: Read] = [:]
        for (i, jaw) in jaws.enumerated() { out[jaw] = try results.get(i) }
        return out
    }

    static func readArch(_ models: [SeriesLayout.Model], jaw: Jaw, files: SeriesFiles, progress: ProgressMeter?) throws(VendorError) -> Read {
        var recovery: ArchRecovery?
        var units = UnitLedger()
        let stages = Dictionary(models.map { ($0.path, $0.stage) }) { first, _ in first }
        let byStage = models.sorted { ($0.stage, $0.path) < ($1.stage, $1.path) }
        try files.read(groups: [byStage.filter { $0.stage == 0 }.map(\.path), byStage.filter { $0.stage > 0 }.map(\.path)]) { path, data throws(VendorError) in
            guard let stage = stages[path] else { return }
            let mesh = try units.millimetres(ModelDecoder.decode(data, path: path), path: path)
            if stage == 0 {
                recovery = ArchRecovery(jaw: jaw, stage0: mesh)
            } else {
                recovery?.add(stage: stage, mesh: mesh)
            }
            progress?.advance(bytes: Int64(data.count))
        }
        guard let recovery else {
            throw .malformed(vendor: STLSeriesAdapter.id, file: models.first?.path ?? jaw.rawValue, detail: "the \(jaw.rawValue) arch's stage-0 model was not read")
        }
        return Read(recovery: recovery, units: units)
    }

    /// The arches' outcomes, filled from the worker threads.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<Read, VendorError>?]

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ value: Result<Read, VendorError>) { lock.withLock { values[i] = value } }

        func get(_ i: Int) throws(VendorError) -> Read {
            guard let value = lock.withLock({ values[i] }) else {
                throw .malformed(vendor: STLSeriesAdapter.id, file: "", detail: "an arch was not read")
            }
            return try value.get()
        }
    }
}
