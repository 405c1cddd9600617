import Foundation

/// How far a long export, intake or conversion has got, ticked by adapters from any thread and sampled
/// by whoever shows it (the CLI's progress bar). Adapters never print: they count, the edge renders.
///
/// Units are stage models (or whatever the adapter's natural unit is: the files it bakes or parses) and
/// the uncompressed bytes of mesh data they carry, so a renderer can show stages done, MB/s and time left.
public final class ProgressMeter: @unchecked Sendable, Hashable {
    /// A consistent reading of the meter.
    public struct Snapshot: Sendable, Hashable {
        /// What is running ("export generic-stl", "intake").
        public var activity: String
        public var unitsDone: Int
        public var unitsTotal: Int
        public var bytesDone: Int64
        /// Expected uncompressed bytes, 0 when unknown.
        public var bytesTotal: Int64
        public var finished: Bool
    }

    private let lock = NSLock()
    private var state = Snapshot(activity: "", unitsDone: 0, unitsTotal: 0, bytesDone: 0, bytesTotal: 0, finished: false)

    public init() {}

    /// Starts (or restarts, e.g. the export half of a conversion) a phase of `units` units and `bytes` bytes.
    public func begin(_ activity: String, units: Int, bytes: Int64 = 0) {
        lock.withLock {
            state = Snapshot(activity: activity, unitsDone: 0, unitsTotal: max(0, units), bytesDone: 0,
                             bytesTotal: max(0, bytes), finished: false)
        }
    }

    /// Records `units` more units done, carrying `bytes` uncompressed bytes.
    public func advance(units: Int = 1, bytes: Int64 = 0) {
        lock.withLock {
            state.unitsDone += units
            state.bytesDone += bytes
        }
    }

    /// Marks the phase complete (also on failure: the renderer stops drawing).
    public func finish() {
        lock.withLock { state.finished = true }
    }

    public var snapshot: Snapshot { lock.withLock { state } }

    public static func == (a: ProgressMeter, b: ProgressMeter) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
