import Foundation

/// The shared book of a concurrent read: which entry goes next, what each produced or why it failed,
/// the running total settled in archive order, and how many entries' bytes are alive at once.
///
/// Errors are deterministic: entries are handed out in archive order and, once entry i has failed, no
/// entry after it is started, while every entry before it is finished — so the failure reported is
/// always the first in archive order, whatever the threads' timing.
final class ConcurrentEntryTally: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private let limits: ArchiveLimits
    private let archive: String
    private var next = 0
    /// Entries at or past this index are not started (the earliest failure so far).
    private var stop: Int
    private var failures: [Int: Error] = [:]
    /// Bytes each finished entry produced, until the in-order total has passed it.
    private var sizes: [Int: (produced: Int64, failure: ArchiveError?, path: String)] = [:]
    private var frontier = 0
    private var total: Int64 = 0
    /// Bytes produced by every finished entry, in whatever order they finished.
    private var finished: Int64 = 0
    private var alive = 0
    private(set) var peakAlive = 0

    init(count: Int, limits: ArchiveLimits, archive: String) {
        self.count = count
        self.limits = limits
        self.archive = archive
        stop = count
    }

    /// The next entry index to work on, or nil when there is none (or an earlier one failed).
    ///
    /// Once the finished entries alone produced more than the total cap, nothing more is started: the
    /// in-order total then fails within what was started, and no bomb keeps the workers busy.
    func take() -> Int? {
        lock.withLock {
            guard next < stop, finished <= limits.maxTotalBytes else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Whether entry `index` is still worth finishing (no earlier entry has failed).
    func isWanted(_ index: Int) -> Bool { lock.withLock { index < stop } }

    /// Notes that one entry's bytes came to life (`delta` 1) or were let go (-1).
    func alive(_ delta: Int) {
        lock.withLock {
            alive += delta
            peakAlive = max(peakAlive, alive)
        }
    }

    /// Records what entry `index` (at `path`) produced; the in-order total may turn it (or a later entry
    /// finished earlier) into `totalTooLarge`. Returns whether the entry may be handed to the consumer.
    func settle(_ index: Int, produced: Int64, failure: ArchiveError?, path: String) -> Bool {
        lock.withLock {
            sizes[index] = (produced, failure, path)
            finished += produced
            if let failure { record(index, failure) }
            // Advance the in-order total over every entry finished so far.
            while let settled = sizes[frontier] {
                let (size, own, name) = settled
                sizes[frontier] = nil
                // What the libarchive pass would meet first: the total's cap (at byte allowance + 1 of this
                // entry) before the entry's own cap or problem, unless the entry's cap comes at that same byte.
                let allowance = limits.maxTotalBytes - total
                if size > allowance, !(own?.rule == .entryTooLarge && limits.maxEntryBytes <= allowance) {
                    record(frontier, ArchiveError(archive: archive, entry: name, rule: .totalTooLarge,
                                                  detail: "archive produced more than \(limits.maxTotalBytes) bytes uncompressed"),
                           overriding: true)
                }
                total += size
                frontier += 1
            }
            return index < stop
        }
    }

    /// Records a failure of entry `index` (the archive's or the consumer's).
    func fail(_ index: Int, _ error: Error) {
        lock.withLock { record(index, error) }
    }

    /// The earliest failure in archive order, if any.
    var firstFailure: Error? {
        lock.withLock { failures.keys.min().flatMap { failures[$0] } }
    }

    /// Uncompressed bytes of the entries settled in order.
    var settledBytes: Int64 { lock.withLock { total } }

    /// The archive's failure of an entry stands before the consumer's; the total's before the entry's own.
    private func record(_ index: Int, _ error: Error, overriding: Bool = false) {
        if overriding || failures[index] == nil || (error is ArchiveError && !(failures[index] is ArchiveError)) {
            failures[index] = error
        }
        stop = min(stop, index)
    }
}
