import Foundation
import MeshIO
import PlanModel
import StageRecovery
import VendorKit

/// Reads and recovers the arches on every core, in two concurrent passes over the files: the stage-0
/// models (one per arch), then every later model — each worker decodes a model (a binary STL of stage 0's
/// triangles straight through stage 0's welding), converts it to millimetres and prepares it against its
/// arch's stage 0 (`ArchRecovery.prepare`: shells, classes, correspondence fits); the prepared stages are
/// added to their arch in stage order (`ArchMerge`), so each is tracked from the stage before it whatever
/// order the workers finish in.
enum ArchReading {
    /// One arch read: its recovery and the units its models were in.
    struct Read: Sendable {
        var recovery: ArchRecovery
        var units: UnitLedger
    }

    /// Every arch of `models` (each has a stage 0: `SeriesLayout` makes sure). The error thrown is the
    /// first in archive order (a folder's: in path order), so it does not depend on timing.
    static func read(_ models: [Jaw: [SeriesLayout.Model]], files: SeriesFiles, progress: ProgressMeter?) throws(VendorError) -> [Jaw: Read] {
        var byPath: [String: SeriesLayout.Model] = [:]
        for model in models.values.joined() { byPath[model.path] = model }
        let lookup = byPath
        let all = byPath.values.sorted { ($0.jaw, $0.stage, $0.path) < ($1.jaw, $1.stage, $1.path) }
        let units = UnitNotes()
        let bases = Bases()
        try files.readConcurrently(all.filter { $0.stage == 0 }.map(\.path)) { path, data throws(VendorError) in
            guard let model = lookup[path] else { return }
            let decoded = try ModelDecoder.read(data, path: path)
            let mesh = try units.millimetres(decoded.mesh, model: model)
            bases.set(model.jaw, ArchRecovery(jaw: model.jaw, stage0: mesh, welded: decoded.welded), welding: decoded.welding)
            progress?.advance(bytes: Int64(data.count))
        }
        var merges: [Jaw: ArchMerge] = [:]
        for (jaw, list) in models {
            guard let base = bases.recoveries[jaw] else {
                throw .malformed(vendor: STLSeriesAdapter.id, file: list.first?.path ?? jaw.rawValue, detail: "the \(jaw.rawValue) arch's stage-0 model was not read")
            }
            merges[jaw] = ArchMerge(base, stages: list.map(\.stage).filter { $0 > 0 }.sorted())
        }
        let arches = merges, stage0 = bases.recoveries, weldings = bases.weldings
        try files.readConcurrently(all.filter { $0.stage > 0 }.map(\.path)) { path, data throws(VendorError) in
            guard let model = lookup[path], let merge = arches[model.jaw], let base = stage0[model.jaw] else { return }
            let decoded = try ModelDecoder.read(data, path: path, like: weldings[model.jaw])
            let mesh = try units.millimetres(decoded.mesh, model: model)
            merge.submit(base.prepare(stage: model.stage, mesh: mesh, welded: decoded.welded))
            progress?.advance(bytes: Int64(data.count))
        }
        var out: [Jaw: Read] = [:]
        for (jaw, merge) in arches { out[jaw] = Read(recovery: merge.finish(), units: try units.ledger(jaw)) }
        return out
    }

    /// Each arch's stage 0 and its welding, set by the first pass's workers.
    private final class Bases: @unchecked Sendable {
        private let lock = NSLock()
        private var byJaw: [Jaw: ArchRecovery] = [:]
        private var weldingByJaw: [Jaw: ModelDecoder.Welding] = [:]

        func set(_ jaw: Jaw, _ recovery: ArchRecovery, welding: ModelDecoder.Welding?) {
            lock.withLock {
                byJaw[jaw] = recovery
                weldingByJaw[jaw] = welding
            }
        }

        var recoveries: [Jaw: ArchRecovery] { lock.withLock { byJaw } }
        var weldings: [Jaw: ModelDecoder.Welding] { lock.withLock { weldingByJaw } }
    }

    /// The unit each model was in, gathered from the workers and judged in stage order afterwards, so a
    /// mixed-units error names the same files whatever the timing.
    private final class UnitNotes: @unchecked Sendable {
        private let lock = NSLock()
        private var notes: [(model: SeriesLayout.Model, unit: UnitGuess)] = []

        func millimetres(_ mesh: TriangleMesh, model: SeriesLayout.Model) throws(VendorError) -> TriangleMesh {
            let (converted, unit) = try UnitLedger.millimetres(mesh, path: model.path)
            lock.withLock { notes.append((model, unit)) }
            return converted
        }

        func ledger(_ jaw: Jaw) throws(VendorError) -> UnitLedger {
            var ledger = UnitLedger()
            let mine = lock.withLock { notes.filter { $0.model.jaw == jaw } }.sorted { ($0.model.stage, $0.model.path) < ($1.model.stage, $1.model.path) }
            for note in mine { try ledger.note(note.unit, path: note.model.path) }
            return ledger
        }
    }
}

/// One arch's recovery, fed prepared stages from any thread and adding them in stage order: a stage
/// waits until every earlier one is in (it is small by then: `PreparedStage` keeps only the meshes
/// tracking still needs), and whichever worker delivers the next one adds all that are ready.
final class ArchMerge: @unchecked Sendable {
    private let lock = NSLock()
    private var recovery: ArchRecovery
    private var waiting: [Int: PreparedStage] = [:]
    private let order: [Int]
    private var next = 0

    init(_ recovery: ArchRecovery, stages: [Int]) {
        self.recovery = recovery
        order = stages
    }

    func submit(_ stage: PreparedStage) {
        lock.withLock {
            waiting[stage.index] = stage
            while next < order.count, let ready = waiting.removeValue(forKey: order[next]) {
                recovery.add(ready)
                next += 1
            }
        }
    }

    /// The recovery with every stage delivered (any still waiting behind a missing one added in order).
    func finish() -> ArchRecovery {
        lock.withLock {
            for index in waiting.keys.sorted() { if let stage = waiting.removeValue(forKey: index) { recovery.add(stage) } }
            return recovery
        }
    }
}
