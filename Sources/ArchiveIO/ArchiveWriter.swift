import Foundation

/// Writes a zip (our parallel encoder, WinZip AES-256 with a password) or tar / tar.gz / tar.xz / tar.zst (libarchive)
/// archive, deterministically and atomically.
///
/// `add` validates and records an entry; `finish()` writes every entry in the order added (callers sort
/// for reproducibility), pulling streamed entries' chunks only then, into a hidden temporary file beside
/// the target that is renamed into place when complete. On any failure or cancellation nothing is left
/// at the target and the temporary file is removed. Data passed whole to `add(_:data:)` is held until
/// `finish()`; use the chunked or the produced form for large entries.
///
/// Zips are written by `ParallelZipWriter`: whole entries (`add(_:data:)`, `add(_:produce:)`)
/// are produced and deflated on `options.concurrency` worker threads, at most `options.entryWindow` of them
/// started and not yet written, and written in the order added: the bytes do not depend on the thread count.
///
/// Fixed per entry: modification time (`ArchiveWriteOptions.modificationDate`), permissions (files 0644,
/// folders 0755), owner (uid/gid 0, no names), no access/change times or extra time fields.
public final class ArchiveWriter {
    private let file: AtomicFile
    private let options: ArchiveWriteOptions
    private var entries: [PendingEntry] = []
    private var names: Set<String> = []
    private var closed = false

    /// Called on the `finish()` thread after each entry's bytes are written, in order (progress reporting).
    public var onEntryWritten: ((ArchiveWriteSummary.Entry) -> Void)?

    /// Prepares to write `url`; refuses an existing file unless `overwrite`, and invalid options.
    public init(creating url: URL, options: ArchiveWriteOptions, overwrite: Bool = false) throws(ArchiveWriteError) {
        file = try AtomicFile(target: url, overwrite: overwrite)
        try options.validate(archive: file.target.path)
        self.options = options
    }

    /// Adds a file entry whose bytes are all at hand.
    public func add(_ path: String, data: Data, compression: EntryCompression? = nil) throws(ArchiveWriteError) {
        let compression = try entryCompression(compression, path)
        try record(PendingEntry(path: try canonical(path), content: .data(data), compression: compression))
    }

    /// Adds a file entry produced in chunks at `finish()`: `chunks` returns the next piece, or nil at the end.
    ///
    /// tar needs `size` (the header precedes the data); for zip it is optional (unknown sizes get ZIP64
    /// headers). A produced byte count different from `size` fails `finish()` with `.sizeMismatch`; an error
    /// thrown by `chunks` fails `finish()` with that same error.
    public func add(
        _ path: String, size: Int64?, compression: EntryCompression? = nil,
        chunks: @escaping () throws -> Data?
    ) throws(ArchiveWriteError) {
        let compression = try entryCompression(compression, path)
        if let size, size < 0 { throw failure(.invalidSize(size), path) }
        if size == nil && options.format != .zip { throw failure(.sizeRequired, path) }
        try record(PendingEntry(path: try canonical(path), content: .stream(size: size, chunks), compression: compression))
    }

    /// Adds a file entry whose bytes `produce` makes whole at `finish()`, on a worker thread for zip.
    ///
    /// The zip writer runs several producers at once (`ArchiveWriteOptions.concurrency`) but never more
    /// than `entryWindow` entries are produced and not yet written, so memory stays bounded by that many
    /// entries. `size`, when given, must match (`.sizeMismatch`); tar needs it. An error `produce` throws
    /// fails `finish()` with that same error (the first in entry order, when several fail).
    public func add(
        _ path: String, size: Int64? = nil, compression: EntryCompression? = nil,
        produce: @escaping @Sendable () throws -> Data
    ) throws(ArchiveWriteError) {
        let compression = try entryCompression(compression, path)
        if let size, size < 0 { throw failure(.invalidSize(size), path) }
        if size == nil && options.format != .zip { throw failure(.sizeRequired, path) }
        try record(PendingEntry(path: try canonical(path), content: .produced(size: size, produce), compression: compression))
    }

    /// Adds a folder entry (written as "path/"); folders are implied by file paths and only needed when empty.
    public func addDirectory(_ path: String) throws(ArchiveWriteError) {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        try record(PendingEntry(path: try canonical(trimmed), content: .directory, compression: .store))
    }

    /// Writes every entry to a temporary file and renames it to the target.
    ///
    /// Throws `ArchiveWriteError`, or the error a chunk producer threw. Either way the writer is closed.
    public func finish() throws -> ArchiveWriteSummary {
        guard !closed else { throw failure(.writerClosed, nil) }
        closed = true
        let pending = ArchiveWriteInterruption.current?.apply(to: entries, archive: file.target.path) ?? entries
        entries = []
        defer { file.discard() }  // after a successful commit the temporary name is already gone
        if Task.isCancelled { throw failure(.cancelled, nil) }
        var sizes: [Int64]
        var peak = 0
        var sha256: String?
        switch options.format {
        case .zip:
            guard let stamp = DOSTimestamp(options.modificationDate) else { throw failure(.invalidDate, nil) }
            let output = try ZipFileOutput(creating: file.temporary, archive: file.target.path)
            let writer = ParallelZipWriter(archive: file.target.path, output: output, stamp: stamp,
                                           workers: options.effectiveConcurrency, window: options.effectiveEntryWindow,
                                           password: options.password, onWritten: onEntryWritten)
            sizes = try writer.write(pending)
            peak = writer.peakInFlight
            sha256 = output.sha256
        default:
            sizes = try TarWriter(file: file, options: options, onWritten: onEntryWritten).write(pending)
        }
        try file.commit()
        let written = zip(pending, sizes).map { entry, size in
            ArchiveWriteSummary.Entry(path: entry.path, isDirectory: entry.isDirectory, size: size)
        }
        let bytes = (try? file.target.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
        return ArchiveWriteSummary(url: file.target, format: options.format, entries: written, archiveBytes: Int64(bytes),
                                   peakEntriesInFlight: peak, sha256: sha256)
    }

    /// Abandons the archive: nothing is written. Idempotent; also done when an unfinished writer is released.
    public func cancel() {
        closed = true
        entries = []
        names = []
    }

    deinit { cancel() }

    private func record(_ entry: PendingEntry) throws(ArchiveWriteError) {
        guard !closed else { throw failure(.writerClosed, entry.path) }
        guard names.insert(entry.path).inserted else { throw failure(.duplicateEntry, entry.path) }
        entries.append(entry)
    }

    /// The name exactly as it will be written: refuses unsafe names and names the reader would rewrite.
    private func canonical(_ path: String) throws(ArchiveWriteError) -> String {
        let normalized: String
        do { normalized = try ArchivePath.normalize(path) } catch { throw failure(.invalidPath(error), path) }
        guard normalized == path else { throw failure(.nonCanonicalPath(canonical: normalized), path) }
        return path
    }

    private func entryCompression(
        _ requested: EntryCompression?, _ path: String
    ) throws(ArchiveWriteError) -> EntryCompression {
        switch requested {
        case .store: return .store
        case .deflate(let level):
            guard EntryCompression.deflateLevels.contains(level) else {
                throw failure(.invalidCompressionLevel(level, allowed: EntryCompression.deflateLevels), path)
            }
            return .deflate(level: level)
        case nil: return .deflate(level: options.format == .zip ? options.effectiveCompressionLevel ?? 6 : 6)
        }
    }

    private func failure(_ reason: ArchiveWriteError.Reason, _ entry: String?) -> ArchiveWriteError {
        ArchiveWriteError(archive: file.target.path, entry: entry, reason: reason)
    }
}

/// What `ArchiveWriter.finish()` wrote.
public struct ArchiveWriteSummary: Sendable, Equatable {
    /// One written entry.
    public struct Entry: Sendable, Equatable {
        /// The entry's name (folders without the trailing "/").
        public var path: String
        /// Whether it is a folder entry.
        public var isDirectory: Bool
        /// Uncompressed bytes.
        public var size: Int64
    }

    /// The archive's final location.
    public var url: URL
    /// Its format.
    public var format: ArchiveFormat
    /// The entries, in the order written.
    public var entries: [Entry]
    /// The archive file's size in bytes.
    public var archiveBytes: Int64
    /// Unencrypted zip: the most whole entries that were being produced or waiting to be written at once
    /// (at most `ArchiveWriteOptions.entryWindow`); 0 for the other writers, which hold one entry at a time.
    public var peakEntriesInFlight: Int = 0
    /// SHA-256 of the archive file (hex), when the writer could hash it as it wrote (unencrypted zips
    /// without chunked entries, whose headers are patched afterwards); nil otherwise.
    public var sha256: String? = nil
    /// The sum of the entries' uncompressed sizes.
    public var contentBytes: Int64 { entries.reduce(0) { $0 + $1.size } }
}

/// An entry recorded by `add`, written at `finish()`.
struct PendingEntry {
    enum Content {
        case directory
        case data(Data)
        case stream(size: Int64?, () throws -> Data?)
        /// Made whole by a producer that may run on any thread.
        case produced(size: Int64?, @Sendable () throws -> Data)
        /// Deflated already (`InMemoryZip.add(_:deflated:)`): only the zip writer takes it.
        case deflated(DeflatedStream)
    }

    let path: String
    let content: Content
    let compression: EntryCompression

    var isDirectory: Bool {
        if case .directory = content { true } else { false }
    }

    /// The size known before writing (always, except for zip streams given without one).
    var declaredSize: Int64? {
        switch content {
        case .directory: 0
        case .data(let data): Int64(data.count)
        case .stream(let size, _): size
        case .produced(let size, _): size
        case .deflated(let stream): stream.size
        }
    }

    /// The producer of a whole entry (`.data`, `.produced`), which the zip writer runs on a worker; nil otherwise.
    var wholeProducer: (@Sendable () throws -> Data)? {
        switch content {
        case .data(let data): { data }
        case .produced(_, let produce): produce
        case .directory, .stream, .deflated: nil
        }
    }
}

/// Pulls one entry's bytes in order: enforces the declared size and stops when the Swift task is cancelled.
final class EntryPump {
    /// Whole-`Data` entries are handed out in slices of this size (slices share storage: no copy).
    static let sliceSize = 1 << 20

    let archive: String
    let path: String
    let declared: Int64?
    private(set) var produced: Int64 = 0
    private var source: () throws -> Data?
    private var ended = false

    init(archive: String, entry: PendingEntry) {
        self.archive = archive
        path = entry.path
        declared = entry.declaredSize
        switch entry.content {
        case .directory:
            source = { nil }
        case .data(let data):
            var offset = data.startIndex
            source = {
                guard offset < data.endIndex else { return nil }
                let end = data.index(offset, offsetBy: Self.sliceSize, limitedBy: data.endIndex) ?? data.endIndex
                defer { offset = end }
                return data[offset..<end]
            }
        case .stream(_, let chunks):
            source = chunks
        case .produced(_, let produce):
            // Backends that pull chunks (tar) take the whole entry as one chunk.
            var done = false
            source = {
                guard !done else { return nil }
                done = true
                return try produce()
            }
        case .deflated:
            // Never reached: `InMemoryZip`, the one maker of such entries, writes only zips.
            let path = entry.path
            source = { throw ArchiveWriteError(archive: archive, entry: path, reason: .library("a pre-deflated entry can only go into a zip")) }
        }
    }

    /// The next non-empty chunk, or nil once the producer is done and the size matched.
    ///
    /// Throws `ArchiveWriteError` (`.cancelled`, `.sizeMismatch`) or the producer's own error.
    func next() throws -> Data? {
        while !ended {
            if Task.isCancelled { throw ArchiveWriteError(archive: archive, entry: path, reason: .cancelled) }
            guard let chunk = try source() else {
                ended = true
                source = { nil }  // let the producer (and whatever it captured) go as soon as it is done
                if let declared, declared != produced { throw mismatch(declared) }
                return nil
            }
            if chunk.isEmpty { continue }
            produced += Int64(chunk.count)
            if let declared, produced > declared { throw mismatch(declared) }
            return chunk
        }
        return nil
    }

    private func mismatch(_ declared: Int64) -> ArchiveWriteError {
        ArchiveWriteError(archive: archive, entry: path, reason: .sizeMismatch(declared: declared, produced: produced))
    }
}
