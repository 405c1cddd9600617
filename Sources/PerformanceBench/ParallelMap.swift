import Dispatch
import Foundation

/// Runs independent jobs on every core and keeps their results in input order.
enum ParallelMap {
    /// `transform` applied to each element concurrently (Dispatch's `concurrentPerform` uses one thread per
    /// core); the first error thrown, if any, is rethrown after all jobs have ended.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] {
        let slots = Slots<R>(count: items.count)
        items.withUnsafeBufferPointer { buffer in
            let base = UncheckedPointer(buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { i in
                slots.set(i, Result { try transform(base.buffer[i]) })
            }
        }
        return try slots.values()
    }

    /// A fixed array of results written from many threads under a lock.
    private final class Slots<R>: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<R, any Error>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ r: Result<R, any Error>) { lock.withLock { results[i] = r } }

        func values() throws -> [R] {
            try lock.withLock { results }.map { slot in
                guard let slot else { throw CancellationError() }
                return try slot.get()
            }
        }
    }

    /// The input buffer, read (never written) by every job while `withUnsafeBufferPointer` keeps it alive.
    private struct UncheckedPointer<T>: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<T>
        init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
    }
}
