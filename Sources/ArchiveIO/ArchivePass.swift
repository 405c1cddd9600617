import CArchive

/// One read of an archive from start to end: the header loop, the counters, and what to do with
/// data the caller did not read.
final class ArchivePass {
    /// Strict passes throw at the first broken rule; collecting passes (the inspector) report them all.
    enum Mode { case strict, collect }

    let handle: LibArchiveHandle
    let archive: String
    let limits: ArchiveLimits
    let passwordGiven: Bool
    private let mode: Mode
    private var zip: ZipDirectory?
    private var validator: HeaderValidator
    /// Uncompressed bytes delivered in this pass, over all entries.
    var totalBytes: Int64 = 0
    /// libarchive reported a fatal error: the archive cannot be read further.
    var isFatal = false
    /// The total cap was passed: nothing more may be decompressed (not even skipped through).
    var exceededTotal = false
    /// Skipping data is a seek: a zip read through its central directory, or an uncompressed tar.
    private lazy var skipIsCheap = zip != nil
        || (handle.compressionFilters.isEmpty && handle.formatCode & ARCHIVE_FORMAT_BASE_MASK == ARCHIVE_FORMAT_TAR)

    init(handle: LibArchiveHandle, archive: String, limits: ArchiveLimits, passwordGiven: Bool, zip: ZipDirectory?, mode: Mode) {
        self.handle = handle
        self.archive = archive
        self.limits = limits
        self.passwordGiven = passwordGiven
        self.zip = zip
        self.mode = mode
        validator = HeaderValidator(archive: archive, limits: limits)
    }

    /// What a pass found beyond the entries themselves.
    struct Outcome {
        /// Archive-level problems (collect mode; strict mode throws them instead).
        var problems: [ArchiveError] = []
        /// False when the pass stopped before the end of the archive.
        var isComplete = true
    }

    /// Visits every entry; `visit` returns false to stop early.
    func run(_ visit: (_ entry: ArchiveEntry, _ problems: [ArchiveError], _ stream: EntryStream) throws -> Bool) throws -> Outcome {
        var outcome = Outcome()
        func report(_ error: ArchiveError) throws {
            if mode == .strict { throw error }
            outcome.problems.append(error)
        }
        if let zip, zip.declaredCount > Int64(limits.maxEntries) {
            try report(ArchiveError(archive: archive, rule: .tooManyEntries,
                                    detail: "central directory declares \(zip.declaredCount) entries, limit \(limits.maxEntries)"))
            outcome.isComplete = false
            return outcome
        }
        while true {
            let (status, pointer) = handle.nextHeader()
            if status == .eof { return outcome }
            guard let pointer, status != .fatal, status != .retry else {
                isFatal = true
                let failure = handle.failure(status)
                try report(ArchiveError(archive: archive, rule: LibArchiveErrorMapping.rule(for: failure, passwordGiven: passwordGiven),
                                        detail: failure.message))
                break
            }
            let header = HeaderValidator.header(of: pointer)
            if HeaderValidator.isRootDirectory(header) {
                if validator.countOnly() { continue }
                try report(ArchiveError(archive: archive, entry: header.displayPath, rule: .tooManyEntries,
                                        detail: "more than \(limits.maxEntries) entries"))
                break
            }
            var (entry, problems) = validator.check(header)
            var descriptor: ZipDirectory.DataDescriptor?
            if let raw = header.rawPath, let record = zip?.take(name: raw) {
                entry.compressedSize = record.compressedSize
                descriptor = record.descriptor
                problems += record.problems.map {
                    ArchiveError(archive: archive, entry: header.displayPath, rule: $0.rule, detail: $0.detail)
                }
                if entry.kind == .file, let missing = record.missingData {
                    problems.append(ArchiveError(archive: archive, entry: header.displayPath, rule: missing.rule, detail: missing.detail))
                }
            }
            if status == .warn || status == .failed {
                let failure = handle.failure(status)
                if !(status == .warn && LibArchiveErrorMapping.isBenignHeaderWarning(failure)) {
                    let rule = LibArchiveErrorMapping.rule(for: failure, entryEncrypted: entry.isEncrypted, passwordGiven: passwordGiven)
                    problems.append(ArchiveError(archive: archive, entry: header.displayPath, rule: rule, detail: failure.message))
                }
            }
            if mode == .strict, let first = problems.first { throw first }
            let overCount = problems.contains { $0.rule == .tooManyEntries }
            if overCount {
                // Collecting: report this entry, then stop listing (the count cap bounds the work).
                outcome.problems.append(ArchiveError(archive: archive, rule: .tooManyEntries,
                                                     detail: "more than \(limits.maxEntries) entries"))
            }

            let stream = EntryStream(pass: self, entry: entry, hasData: status != .failed, descriptor: descriptor)
            defer { stream.close() }
            guard try visit(entry, problems, stream) else { break }
            // Strict: a data problem refuses the archive even if the body caught it and carried on.
            if mode == .strict, let failure = stream.failure { throw failure }
            if overCount || isFatal || exceededTotal { break }
            guard try finish(stream, problems: problems, report: report) else { break }
        }
        outcome.isComplete = false
        return outcome
    }

    /// Disposes of the data the visitor left unread; false when the pass must stop.
    ///
    /// Skipping is free for a zip read through its central directory (a seek) and for plain tar,
    /// and bounded when the header declared a size within the limits (tar and 7z sizes are exact).
    /// Otherwise (a streamed zip entry of unknown length) skipping would mean decompressing without
    /// bounds, so the rest is drained through the stream, under the limits.
    private func finish(_ stream: EntryStream, problems: [ArchiveError], report: (ArchiveError) throws -> Void) throws -> Bool {
        if stream.isAtEnd { return true }
        if stream.failure != nil, !stream.exceededLimit { return true }  // libarchive skips a failed entry itself
        let declaredWithinLimits = stream.entry.declaredSize.map { $0 <= limits.maxEntryBytes } ?? false
            && validator.declaredTotal <= limits.maxTotalBytes
        if skipIsCheap || (declaredWithinLimits && !stream.exceededLimit) {
            do {
                try handle.skipData()
            } catch {
                isFatal = error.status == .fatal
                try report(ArchiveError(archive: archive, entry: stream.entry.rawPath,
                                        rule: LibArchiveErrorMapping.rule(for: error, entryEncrypted: stream.entry.isEncrypted,
                                                                          passwordGiven: passwordGiven),
                                        detail: error.message))
                return !isFatal
            }
            return true
        }
        if mode == .collect {
            // Whatever is left would have to be decompressed with no trustworthy bound: stop here.
            if stream.exceededLimit || !problems.isEmpty { return false }
            do { try stream.drain() } catch { return !(isFatal || exceededTotal || stream.exceededLimit) }
            return true
        }
        try stream.drain()
        return true
    }
}
