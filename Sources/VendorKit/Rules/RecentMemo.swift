import Foundation  // NSLock

/// The last few results of a measurement that every system's check would otherwise repeat: a matrix checks
/// one plan against every system, and the plan's geometry (crown overlaps, mesh closedness) measures the
/// same for all of them. Keys are compared with `==`, which is quick for the same plan value (Swift arrays
/// compare their shared storage first). Thread-safe; a key measured twice at once is measured twice.
final class RecentMemo<Key: Equatable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(key: Key, value: Value)] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The remembered value for `key`, or `measure()`'s, remembered (the oldest entry goes beyond `capacity`).
    func value(for key: Key, _ measure: () -> Value) -> Value {
        if let hit = lock.withLock({ entries.firstIndex { $0.key == key }.map { entries[$0].value } }) { return hit }
        let value = measure()
        lock.withLock {
            entries.insert((key, value), at: 0)
            if entries.count > capacity { entries.removeLast() }
        }
        return value
    }

    func removeAll() { lock.withLock { entries.removeAll() } }
}

extension RuleLibrary {
    /// Forgets every remembered measurement, so the next check measures the plan afresh (the benchmark
    /// times a cold matrix with it; results never depend on it).
    public static func forgetMeasurements() {
        CollisionRules.overlaps.removeAll()
        MeshRules.closedness.removeAll()
    }
}
