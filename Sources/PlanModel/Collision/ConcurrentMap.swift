import Dispatch
import Foundation  // NSLock

/// Runs independent pure jobs on every core (Dispatch's `concurrentPerform`, one thread per core) and
/// returns their results in input order. Public for the benchmark's floors (PerformanceBench), which
/// time the same kind of job on every core.
public enum ConcurrentMap {
    /// `transform` of each element, run concurrently; the results in input order.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let slots = Slots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in slots.set(i, transform(items[i])) }
        return slots.values()
    }

    /// A fixed array of results written from many threads under a lock.
    private final class Slots<R>: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [R?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ r: R) { lock.withLock { results[i] = r } }

        /// Every job has run when `concurrentPerform` returns, so every slot is set.
        func values() -> [R] { lock.withLock { results.compactMap { $0 } } }
    }
}
