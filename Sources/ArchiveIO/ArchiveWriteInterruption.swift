import Foundation

/// A deliberate interruption of the archives written in a task: how the conformance kit stops a real
/// export midway — entries already on disk, the temporary file half-written — to prove that nothing is
/// left behind. Set it around a write with `ArchiveWriteInterruption.$current.withValue(…) { … }`; an
/// `ArchiveWriter` finished in that scope (on that task) applies it to every entry it writes.
public enum ArchiveWriteInterruption: Sendable {
    /// Writing fails (`.io`, "interrupted on purpose") once more than this many entry bytes have been
    /// handed to the container writer.
    case failAfterBytes(Int64)
    /// `cancel` is called once this many entries have been produced (the caller cancels its task there,
    /// as a user pressing cancel would); the writer then stops with `.cancelled`.
    case cancelAfterEntries(Int, cancel: @Sendable () -> Void)

    /// The interruption in force for writers finished on this task (nil: none, the normal case).
    @TaskLocal public static var current: ArchiveWriteInterruption?

    /// The words of the failure `failAfterBytes` causes.
    public static let failureWords = "interrupted on purpose"

    /// `entries` with every entry's bytes passing through this interruption.
    func apply(to entries: [PendingEntry], archive: String) -> [PendingEntry] {
        let tally = Tally()
        return entries.map { entry in
            let path = entry.path
            let pass: @Sendable (Data) throws -> Data = { data in
                switch self {
                case let .failAfterBytes(limit):
                    if tally.add(bytes: Int64(data.count)) > limit {
                        throw ArchiveWriteError(archive: archive, entry: path,
                                                reason: .io("\(Self.failureWords) after \(limit) bytes"))
                    }
                case let .cancelAfterEntries(count, cancel):
                    if tally.add(entries: 1) == count { cancel() }
                }
                return data
            }
            switch entry.content {
            case .directory, .deflated: return entry
            case let .data(data):
                return PendingEntry(path: path, content: .produced(size: Int64(data.count)) { try pass(data) },
                                    compression: entry.compression)
            case let .produced(size, produce):
                return PendingEntry(path: path, content: .produced(size: size) { try pass(try produce()) },
                                    compression: entry.compression)
            case let .stream(size, chunks):
                var ended = false
                return PendingEntry(path: path, content: .stream(size: size) {
                    guard let chunk = try chunks() else {
                        if !ended, case .cancelAfterEntries = self { _ = try pass(Data()) }
                        ended = true
                        return nil
                    }
                    if case .failAfterBytes = self { return try pass(chunk) }
                    return chunk
                }, compression: entry.compression)
            }
        }
    }
}

/// Bytes and entries seen so far, across the zip writer's worker threads.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: Int64 = 0
    private var entries = 0

    func add(bytes n: Int64) -> Int64 { lock.withLock { bytes += n; return bytes } }
    func add(entries n: Int) -> Int { lock.withLock { entries += n; return entries } }
}
