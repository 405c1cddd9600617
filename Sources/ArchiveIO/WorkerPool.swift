import Foundation

/// Runs the same job on a few threads at once and waits for all of them: the calling thread is one
/// worker, the others are threads of their own (not GCD's pool, whose width is not ours to count on).
enum WorkerPool {
    /// Runs `job(worker)` for `worker` in 0..<count, concurrently, and returns when every one has.
    static func run(_ count: Int, _ job: @escaping @Sendable (Int) -> Void) {
        let others = max(1, count) - 1
        let done = DispatchSemaphore(value: 0)
        for worker in 0..<others {
            let thread = Thread {
                job(worker + 1)
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        job(0)
        for _ in 0..<others { done.wait() }
    }

    /// The default worker count: every active core.
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// A first-in first-out hand-over between one producer and several consumers, holding at most
/// `capacity` items: the producer waits while it is full, consumers while it is empty.
final class BoundedQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds `item`, waiting for room; false (and the item dropped) once the queue is closed.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for one; nil once the queue is closed and empty.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// No more items will come (consumers drain what is left); `discard` drops what is queued.
    func close(discard: Bool = false) {
        condition.lock()
        closed = true
        if discard { items.removeAll() }
        condition.broadcast()
        condition.unlock()
    }
}
