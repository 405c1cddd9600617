import Foundation

/// What a concurrent read (or verification) did.
public struct ConcurrentReadSummary: Sendable, Hashable {
    /// File entries whose data was read (and handed to the consumer, unless verifying).
    public var files: Int
    /// Their uncompressed bytes.
    public var bytes: Int64
    /// Most entries whose uncompressed bytes were alive at once: never more than `workers` for a zip
    /// read in parallel, `2 × workers + 1` when streamed (the memory bound's mechanism).
    public var peakEntriesInFlight: Int
    /// True when the zip was read by random access on every worker; false when it was streamed
    /// through libarchive (tar.*, 7z, zip-crypto, AES without a password, or unusual zips).
    public var parallel: Bool
    /// Threads used.
    public var workers: Int
}

extension ArchiveReader {
    /// Reads every file entry's whole data on `workers` threads and hands it to `body`, on those threads
    /// and in no set order, holding at most a bounded number of entries' bytes at once.
    ///
    /// A zip of stored/deflate entries is read by random access: every worker inflates and CRC-checks
    /// entries of its own, with every rule of the streaming path (see `ZipCatalog`, `ZipEntryInflater`);
    /// with a password, WinZip AES entries too, each decrypted whole on its worker (`WinZipAESOpening`).
    /// Anything else is streamed through libarchive on the calling thread while `body` runs on the
    /// workers. The error thrown is the first in archive order — the archive's `ArchiveError`, or what
    /// `body` threw for that entry — whatever the timing; `body` may already have run for later entries.
    /// Only file entries `wanted` accepts are read (the others' headers are still checked, their data skipped).
    @discardableResult
    public func forEachEntryConcurrently(workers: Int = ArchiveReader.defaultWorkers,
                                         where wanted: @escaping @Sendable (ArchiveEntry) -> Bool = { _ in true },
                                         _ body: @escaping @Sendable (ArchiveEntry, Data) throws -> Void) throws -> ConcurrentReadSummary {
        try concurrentPass(workers: max(1, workers), keep: true, wanted: wanted, body)
    }

    /// The intake floor: inflates and CRC-checks every entry on `workers` threads, enforcing every rule,
    /// and discards the bytes. A zip libarchive must stream is verified on one thread.
    @discardableResult
    public func verify(workers: Int = ArchiveReader.defaultWorkers) throws(ArchiveError) -> ConcurrentReadSummary {
        try typed { try concurrentPass(workers: max(1, workers), keep: false, wanted: { _ in true }, nil) }
    }

    /// Every active core.
    public static var defaultWorkers: Int { WorkerPool.cores }

    private func concurrentPass(workers: Int, keep: Bool, wanted: @escaping @Sendable (ArchiveEntry) -> Bool,
                                _ body: (@Sendable (ArchiveEntry, Data) throws -> Void)?) throws -> ConcurrentReadSummary {
        if format == .zip {
            switch ZipCatalog.read(source, limits: limits, decrypts: password != nil) {
            case .catalog(let catalog): return try parallel(catalog, workers: workers, keep: keep, wanted: wanted, body)
            case .fallBack(nil): break
            case .fallBack(let problem?):
                // The archive is refused either way, so no entry of it may reach the consumer: verify only,
                // letting libarchive's error (first in archive order) win, else the catalog's rule stands.
                _ = try streamed(workers: workers, wanted: wanted, nil)
                throw problem
            }
        }
        return try streamed(workers: workers, wanted: wanted, body)
    }

    /// Every worker takes the next entry in archive order, inflates it by random access and consumes it.
    private func parallel(_ catalog: ZipCatalog, workers: Int, keep: Bool, wanted: @escaping @Sendable (ArchiveEntry) -> Bool,
                          _ body: (@Sendable (ArchiveEntry, Data) throws -> Void)?) throws -> ConcurrentReadSummary {
        let items = catalog.items
        let tally = ConcurrentEntryTally(count: items.count, limits: limits, archive: name)
        let inflater = ZipEntryInflater(source: source, limits: limits, password: password)
        let counts = Counts()
        WorkerPool.run(min(workers, max(1, items.count))) { _ in
            let scratch = ZipEntryInflater.Scratch()
            while let index = tally.take() {
                let item = items[index]
                guard item.entry.kind == .file, wanted(item.entry) else {
                    _ = tally.settle(index, produced: 0, failure: nil, path: item.entry.rawPath)
                    continue
                }
                tally.alive(1)
                let outcome = inflater.inflate(item, keep: keep, scratch: scratch)
                let stillWanted = tally.settle(index, produced: outcome.produced, failure: outcome.failure, path: item.entry.rawPath)
                if stillWanted, outcome.failure == nil {
                    counts.add(outcome.produced)
                    if let body, let data = outcome.data {
                        do { try body(item.entry, data) } catch { tally.fail(index, error) }
                    }
                }
                tally.alive(-1)
            }
        }
        if let failure = tally.firstFailure { throw failure }
        return ConcurrentReadSummary(files: counts.files, bytes: counts.bytes, peakEntriesInFlight: tally.peakAlive,
                                     parallel: true, workers: workers)
    }

    /// libarchive streams on this thread; workers consume through a queue of at most `workers` entries.
    private func streamed(workers: Int, wanted: @escaping @Sendable (ArchiveEntry) -> Bool, _ body: (@Sendable (ArchiveEntry, Data) throws -> Void)?) throws -> ConcurrentReadSummary {
        let tally = ConcurrentEntryTally(count: Int.max, limits: .init(maxTotalBytes: .max), archive: name)
        let counts = Counts()
        guard let body else {
            // Verifying: one pass, every entry's data read through (CRC and limits checked) and dropped.
            try forEachEntry { entry, stream in
                tally.alive(1)
                defer { tally.alive(-1) }
                try stream.drain()
                if entry.kind == .file { counts.add(stream.bytesRead) }
            }
            return ConcurrentReadSummary(files: counts.files, bytes: counts.bytes, peakEntriesInFlight: tally.peakAlive,
                                         parallel: false, workers: 1)
        }
        let queue = BoundedQueue<(index: Int, entry: ArchiveEntry, data: Data)>(capacity: workers)
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                while let job = queue.take() {
                    if tally.isWanted(job.index) {
                        do { try body(job.entry, job.data) } catch { tally.fail(job.index, error) }
                    }
                    tally.alive(-1)
                }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var next = 0
        var reading: Int?
        do {
            try forEachEntry { entry, stream in
                guard entry.kind == .file, wanted(entry) else { return }
                guard tally.isWanted(next) else { throw StopReading() }
                reading = next
                next += 1
                tally.alive(1)
                let data: Data
                do { data = try stream.readAll() } catch { tally.alive(-1); throw error }
                counts.add(Int64(data.count))
                if !queue.put((next - 1, entry, data)) { tally.alive(-1) }
                reading = nil
            }
        } catch is StopReading {
            // A consumer failed on an earlier entry: its error is reported below.
        } catch {
            tally.fail(reading ?? next, error)
        }
        queue.close()
        for _ in 0..<workers { done.wait() }
        if let failure = tally.firstFailure { throw failure }
        return ConcurrentReadSummary(files: counts.files, bytes: counts.bytes, peakEntriesInFlight: tally.peakAlive,
                                     parallel: false, workers: workers)
    }
}

/// Stops libarchive's pass once the consumer has failed.
private struct StopReading: Error {}

/// Files and bytes delivered, counted from every worker.
private final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var files = 0
    private(set) var bytes: Int64 = 0

    func add(_ count: Int64) {
        lock.withLock {
            files += 1
            bytes += count
        }
    }
}
