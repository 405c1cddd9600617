import CArchive
import Foundation

/// Reads an untrusted archive (zip, tar, tar.gz/.xz/.bz2/.zst, 7z) through libarchive, refusing
/// anything unsafe with an `ArchiveError` that names the archive, the entry and the rule.
///
/// Each operation is its own pass over the archive, so they may be called in any order and more
/// than once. Not thread-safe: use one reader per task.
public final class ArchiveReader {
    /// The limits every pass enforces.
    public let limits: ArchiveLimits
    /// The container format, detected from the content (never from the file name).
    public let format: ArchiveFormat
    /// The archive's name in errors.
    public var name: String { source.name }

    let source: ArchiveSource
    /// For encrypted entries (libarchive's, and the parallel reader's WinZip AES).
    let password: String?

    /// Opens the archive file at `url`; throws `unreadable` or `unsupportedFormat` when it is not one we read.
    public convenience init(contentsOf url: URL, limits: ArchiveLimits = .default, password: String? = nil) throws(ArchiveError) {
        try self.init(source: ArchiveSource(url: url), limits: limits, password: password)
    }

    /// Reads an archive held in memory; `name` stands for it in errors.
    public convenience init(data: Data, name: String, limits: ArchiveLimits = .default, password: String? = nil) throws(ArchiveError) {
        try self.init(source: ArchiveSource(data: data, name: name), limits: limits, password: password)
    }

    private init(source: ArchiveSource, limits: ArchiveLimits, password: String?) throws(ArchiveError) {
        self.source = source
        self.limits = limits
        self.password = password.flatMap { $0.isEmpty ? nil : $0 }
        try SevenZipHeaderGuard.check(source, limits: limits)
        format = try Self.detectFormat(source, password: self.password)
    }

    /// Every entry, with the header rules enforced (paths, links, devices, duplicates, count,
    /// declared sizes); no data is decompressed except where a format needs it to find the next header.
    public func entries() throws(ArchiveError) -> [ArchiveEntry] {
        var list: [ArchiveEntry] = []
        try typed {
            try pass(.strict) { entry, _, _ in
                list.append(entry)
                return true
            }
        }
        return list
    }

    /// Streams the archive once, calling `body` for each entry with its data; rethrows the body's
    /// errors, throws `ArchiveError` for the archive's. Data the body leaves unread is skipped.
    public func forEachEntry(_ body: (ArchiveEntry, EntryStream) throws -> Void) throws {
        try pass(.strict) { entry, _, stream in
            try body(entry, stream)
            return true
        }
    }

    /// The whole data of the file entry at `path` (normalized before comparing); the rest of the
    /// archive's headers are still checked, so a duplicate later on is refused too.
    public func data(of path: String) throws(ArchiveError) -> Data {
        let wanted: String
        do {
            wanted = try ArchivePath.normalize(path)
        } catch {
            throw ArchiveError(archive: name, entry: path, rule: error.rule, detail: error.description)
        }
        var found: Data?
        var isDirectory = false
        try typed {
            try pass(.strict) { entry, _, stream in
                if entry.path == wanted {
                    if entry.kind == .file { found = try stream.readAll() } else { isDirectory = true }
                }
                return true
            }
        }
        guard let found else {
            throw ArchiveError(archive: name, entry: path, rule: .entryNotFound,
                               detail: isDirectory ? "'\(wanted)' is a directory" : "no file entry '\(wanted)'")
        }
        return found
    }

    /// Extracts every entry into `directory`, all or nothing; see `SafeExtractor`.
    @discardableResult
    public func extract(to directory: URL) throws(ArchiveError) -> [ArchiveEntry] {
        try SafeExtractor(reader: self).extract(to: directory)
    }

    // MARK: - Passes

    /// Runs one pass; `visit` returns false to stop early.
    @discardableResult
    func pass(_ mode: ArchivePass.Mode,
              _ visit: (ArchiveEntry, [ArchiveError], EntryStream) throws -> Bool) throws -> ArchivePass.Outcome {
        var zip: ZipDirectory?
        if format == .zip {
            switch ZipDirectory.read(from: source, maxEntries: limits.maxEntries) {
            case .found(let directory): zip = directory
            case .truncated(let detail): throw ArchiveError(archive: name, rule: .truncated, detail: detail)
            case .skipped: break
            }
        }
        do {
            var outcome = try source.withHandle(password: password) { handle in
                let pass = ArchivePass(handle: handle, archive: name, limits: limits, passwordGiven: password != nil,
                                       zip: zip, mode: mode)
                return try pass.run(visit)
            }
            // libarchive leaves a gzip trailer unchecked: a complete pass checks it (GzipTrailerCheck).
            if outcome.isComplete, GzipTrailerCheck.applies(to: source), let why = GzipTrailerCheck.failure(of: source) {
                let error = ArchiveError(archive: name, rule: .badChecksum, detail: "gzip trailer check failed: \(why)")
                if mode == .strict { throw error }
                outcome.problems.append(error)
            }
            return outcome
        } catch let failure as LibArchiveFailure {
            throw ArchiveError(archive: name, rule: LibArchiveErrorMapping.rule(for: failure, passwordGiven: password != nil),
                               detail: failure.message)
        }
    }

    /// Runs `body`, passing `ArchiveError`s through and wrapping anything else (which our own
    /// visitors never throw) as `unreadable`.
    @discardableResult
    func typed<T>(_ body: () throws -> T) throws(ArchiveError) -> T {
        do {
            return try body()
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(archive: name, rule: .unreadable, detail: String(describing: error))
        }
    }

    /// Why a 7z file is cut short, if it is one: its start header gives where the (final) header ends.
    private static func sevenZipTruncation(_ source: ArchiveSource) -> String? {
        guard let start = source.bytes(at: 0, count: 32), start.prefix(6).elementsEqual([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])
        else { return nil }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(start[at + $1]) << (8 * UInt64($1)) } }
        let (end, overflow) = u64(12).addingReportingOverflow(u64(20))
        guard overflow || end > UInt64(source.size - 32) else { return nil }
        return "7z header ends at byte \(overflow ? "?" : String(end &+ 32)) but the file has \(source.size) bytes"
    }

    /// The error for an archive libarchive could not open or whose first header it could not read.
    private static func openingError(_ failure: LibArchiveFailure, archive: String, passwordGiven: Bool) -> ArchiveError {
        var rule = LibArchiveErrorMapping.rule(for: failure, passwordGiven: passwordGiven)
        // Compressed data that is not an archive (a bare .gz or .bz2) is a format we do not read.
        if rule == .unreadable, !failure.filters.isEmpty, failure.message.lowercased().contains("unrecognized") {
            rule = .unsupportedFormat
        }
        let detail = failure.filters.isEmpty ? failure.message
            : "\(failure.message) (inside \(failure.filters.joined(separator: " inside ")) data)"
        return ArchiveError(archive: archive, rule: rule, detail: detail)
    }

    /// Reads the first header to learn the format and filters libarchive settled on.
    private static func detectFormat(_ source: ArchiveSource, password: String?) throws(ArchiveError) -> ArchiveFormat {
        let name = source.name
        if source.size == 0 { throw ArchiveError(archive: name, rule: .unreadable, detail: "empty file") }
        try NestedCompressionGuard.check(source)
        let probe: Result<(code: Int32, formatName: String, filters: [(code: Int32, name: String)]), ArchiveError>
        do {
            probe = try source.withHandle(password: password) { handle in
                let (status, _) = handle.nextHeader()
                let filters = handle.compressionFilters
                guard status != .fatal, status != .retry else {
                    var failure = handle.failure(status)
                    failure.filters = filters.map(\.name)
                    return .failure(openingError(failure, archive: name, passwordGiven: password != nil))
                }
                return .success((handle.formatCode, handle.formatName, filters))
            }
        } catch let failure as LibArchiveFailure {
            throw openingError(failure, archive: name, passwordGiven: password != nil)
        } catch {
            throw ArchiveError(archive: name, rule: .unreadable, detail: String(describing: error))
        }
        if case .failure(let error) = probe, let cut = sevenZipTruncation(source) {
            // libarchive reports a 7z cut short as "Malformed" or with no message at all.
            throw ArchiveError(archive: name, rule: .truncated, detail: "\(cut) (libarchive: \(error.detail))")
        }
        let found = try probe.get()
        let base = found.code & ARCHIVE_FORMAT_BASE_MASK
        let filterCodes = found.filters.map(\.code)
        let format: ArchiveFormat? = switch (base, filterCodes) {
        case (ARCHIVE_FORMAT_ZIP, []): .zip
        case (ARCHIVE_FORMAT_7ZIP, []): .sevenZip
        case (ARCHIVE_FORMAT_TAR, []): .tar
        case (ARCHIVE_FORMAT_TAR, [ARCHIVE_FILTER_GZIP]): .tarGzip
        case (ARCHIVE_FORMAT_TAR, [ARCHIVE_FILTER_XZ]): .tarXz
        case (ARCHIVE_FORMAT_TAR, [ARCHIVE_FILTER_BZIP2]): .tarBzip2
        case (ARCHIVE_FORMAT_TAR, [ARCHIVE_FILTER_ZSTD]): .tarZstd
        default: nil
        }
        guard let format else {
            // Nested compression (10GB.gz.bz2), cpio, rar, iso... are not formats the gateway takes.
            let chain = found.filters.reversed().map(\.name) + [found.formatName]
            throw ArchiveError(archive: name, rule: .unsupportedFormat, detail: chain.joined(separator: " containing "))
        }
        return format
    }
}
