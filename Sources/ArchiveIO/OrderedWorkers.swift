import Foundation

/// A fixed set of worker threads that run numbered jobs and hand their results back by number.
///
/// The caller decides how many jobs are outstanding (the zip writer's window) and takes results in its
/// own order, so the output never depends on which thread finished first. `shutdown` drops queued jobs
/// and waits for running ones, so no job outlives the write that submitted it.
final class OrderedWorkers<Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [(index: Int, job: (@Sendable () -> Output)?)] = []
    private var queueHead = 0
    private var results: [Int: Output] = [:]
    private var stopping = false
    private var liveThreads = 0

    /// Starts `threads` (at least 1) workers.
    init(threads: Int) {
        let count = max(1, threads)
        liveThreads = count
        for n in 0..<count {
            let thread = Thread { [self] in work() }
            thread.name = "aligngate.zip-worker-\(n)"
            thread.start()
        }
    }

    /// Queues job `index`; a worker runs it as soon as one is free.
    func submit(_ index: Int, _ job: @escaping @Sendable () -> Output) {
        condition.withLock {
            queue.append((index, job))
            condition.signal()
        }
    }

    /// Waits for job `index`'s result; nil when `shouldStop` turns true first (polled every 50 ms).
    func take(_ index: Int, shouldStop: () -> Bool) -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil {
            if shouldStop() { return nil }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        return results.removeValue(forKey: index)
    }

    /// Drops queued jobs and results, lets running jobs finish and waits for every thread to end. Idempotent.
    func shutdown() {
        condition.lock()
        stopping = true
        queue = []
        queueHead = 0
        condition.broadcast()
        while liveThreads > 0 { condition.wait() }
        results = [:]
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while true {
            while queueHead == queue.count && !stopping { condition.wait() }
            if stopping { break }
            let (index, queued) = queue[queueHead]
            queue[queueHead].job = nil  // the job's captures (an entry's data) go with the job, not the queue
            queueHead += 1
            if queueHead == queue.count {  // drained: reuse the storage
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            guard let job = queued else { continue }
            condition.unlock()
            let output = job()
            condition.lock()
            if !stopping { results[index] = output }
            condition.broadcast()
        }
        liveThreads -= 1
        condition.broadcast()
        condition.unlock()
    }
}
