import Foundation

/// A small zip built whole in memory, byte for byte as `ArchiveWriter` would write it to a file (same
/// encoder, fixed metadata): for a zip that travels inside another archive, such as a 3MF in an export.
///
/// Entries are deflated on the calling thread, one after the other: callers that build many such zips
/// build each on its own worker (e.g. inside an `ArchiveWriter.add(_:produce:)` producer).
public struct InMemoryZip {
    /// The name errors give for this zip (e.g. its path inside the outer archive).
    public let name: String
    private let options: ArchiveWriteOptions
    private var entries: [PendingEntry] = []
    private var names: Set<String> = []

    /// An empty zip; `options` supplies the default deflate level and the time stamp (no password).
    public init(name: String, options: ArchiveWriteOptions = ArchiveWriteOptions(format: .zip)) throws(ArchiveWriteError) {
        self.name = name
        guard options.format == .zip, options.password == nil else {
            throw ArchiveWriteError(archive: name, reason: .unsupportedFormat(options.format))
        }
        try options.validate(archive: name)
        self.options = options
    }

    /// Adds a file entry; `compression` nil means the options' level.
    public mutating func add(_ path: String, data: Data, compression: EntryCompression? = nil) throws(ArchiveWriteError) {
        try claim(path)
        let chosen = compression ?? .deflate(level: defaultLevel)
        if case .deflate(let l) = chosen, !EntryCompression.deflateLevels.contains(l) {
            throw ArchiveWriteError(archive: name, entry: path, reason: .invalidCompressionLevel(l, allowed: EntryCompression.deflateLevels))
        }
        entries.append(PendingEntry(path: path, content: .data(data), compression: chosen))
    }

    /// Adds a file entry whose data is deflated already (e.g. joined from shared `DeflateSegment`s).
    public mutating func add(_ path: String, deflated: DeflatedStream) throws(ArchiveWriteError) {
        try claim(path)
        entries.append(PendingEntry(path: path, content: .deflated(deflated), compression: .deflate(level: defaultLevel)))
    }

    /// The deflate level entries get unless they say otherwise.
    public var defaultLevel: Int { options.effectiveCompressionLevel ?? 6 }

    /// Checks that `path` is canonical and new, and takes it.
    private mutating func claim(_ path: String) throws(ArchiveWriteError) {
        let normalized: String
        do { normalized = try ArchivePath.normalize(path) } catch {
            throw ArchiveWriteError(archive: name, entry: path, reason: .invalidPath(error))
        }
        guard normalized == path else { throw ArchiveWriteError(archive: name, entry: path, reason: .nonCanonicalPath(canonical: normalized)) }
        guard names.insert(path).inserted else { throw ArchiveWriteError(archive: name, entry: path, reason: .duplicateEntry) }
    }

    /// The zip's bytes.
    public func bytes() throws -> Data {
        guard let stamp = DOSTimestamp(options.modificationDate) else {
            throw ArchiveWriteError(archive: name, reason: .invalidDate)
        }
        let output = ZipMemoryOutput()
        _ = try ParallelZipWriter(archive: name, output: output, stamp: stamp, workers: 0, window: 1).write(entries)
        return Data(output.bytes)
    }
}
