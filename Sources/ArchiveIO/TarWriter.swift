import CArchive
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes recorded entries as tar, tar.gz, tar.xz or tar.zst through libarchive, streaming each entry's chunks.
///
/// Format: POSIX pax "restricted", which is plain ustar unless an entry needs more (a long or non-ASCII
/// name, a size past 8 GiB); the extended records then carry only what is needed — never atime/ctime,
/// since they are never set. gzip is told not to store a time stamp ("!timestamp": header mtime 0) and
/// libarchive writes no file name into the gzip header.
struct TarWriter {
    let file: AtomicFile
    let options: ArchiveWriteOptions
    /// Called after each entry is written (progress).
    var onWritten: ((ArchiveWriteSummary.Entry) -> Void)? = nil

    // AE_IFREG / AE_IFDIR are cast macros Swift does not import.
    private static let regularFile: UInt32 = 0o100000
    private static let folder: UInt32 = 0o040000

    /// Writes `entries` in order to the temporary file; returns each entry's uncompressed size.
    func write(_ entries: [PendingEntry]) throws -> [Int64] {
        // In the "C" locale libarchive 3.6.2's pax writer crashes on a non-ASCII name (a NULL name reaches
        // strlen); the whole write runs under a thread-local UTF-8 locale. It never suspends, so it stays
        // on this thread.
        try UTF8Locale.with { () throws -> [Int64] in try writeUnderUTF8Locale(entries) }
    }

    private func writeUnderUTF8Locale(_ entries: [PendingEntry]) throws -> [Int64] {
        // Without any UTF-8 locale on the system, refuse (typed) the names that would crash libarchive.
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().filter { $0 != "-" }
        if codeset != "UTF8", let entry = entries.first(where: { $0.path.utf8.contains { $0 >= 0x80 } }) {
            throw ArchiveWriteError(archive: file.target.path, entry: entry.path,
                                    reason: .library("non-ASCII names need a UTF-8 locale; none is installed"))
        }
        guard let archive = archive_write_new() else {
            throw ArchiveWriteError(archive: file.target.path, reason: .library("libarchive could not allocate a writer"))
        }
        var completed = false
        defer {
            if !completed { archive_write_fail(archive) }  // so freeing does not write an end-of-archive record
            archive_write_free(archive)
        }
        try configure(archive)
        try check(archive_write_open_filename(archive, file.temporary.path), archive, nil)
        var sizes: [Int64] = []
        sizes.reserveCapacity(entries.count)
        for entry in entries {
            let size = try write(entry, to: archive)
            sizes.append(size)
            onWritten?(ArchiveWriteSummary.Entry(path: entry.path, isDirectory: entry.isDirectory, size: size))
        }
        try check(archive_write_close(archive), archive, nil)
        completed = true
        return sizes
    }

    private func configure(_ archive: OpaquePointer) throws(ArchiveWriteError) {
        try check(archive_write_set_format_pax_restricted(archive), archive, nil)
        let filter: String
        switch options.format {
        case .tarGzip:
            try check(archive_write_add_filter_gzip(archive), archive, nil)
            try check(archive_write_set_filter_option(archive, "gzip", "timestamp", nil), archive, nil)
            filter = "gzip"
        case .tarXz:
            try check(archive_write_add_filter_xz(archive), archive, nil)
            filter = "xz"
        case .tarZstd:
            try check(archive_write_add_filter_zstd(archive), archive, nil)
            filter = "zstd"
        case .tar:
            return
        case .zip, .tarBzip2, .sevenZip:
            throw ArchiveWriteError(archive: file.target.path, reason: .unsupportedFormat(options.format))
        }
        if let level = options.effectiveCompressionLevel {
            try check(archive_write_set_filter_option(archive, filter, "compression-level", String(level)), archive, nil)
        }
    }

    /// Writes one header and pumps the entry's data; returns the byte count.
    private func write(_ entry: PendingEntry, to archive: OpaquePointer) throws -> Int64 {
        guard let header = archive_entry_new() else {
            throw ArchiveWriteError(archive: file.target.path, entry: entry.path, reason: .library("out of memory"))
        }
        defer { archive_entry_free(header) }
        let size = entry.declaredSize ?? 0  // ArchiveWriter refuses tar streams without a size
        archive_entry_set_pathname_utf8(header, entry.isDirectory ? entry.path + "/" : entry.path)
        archive_entry_set_filetype(header, entry.isDirectory ? Self.folder : Self.regularFile)
        archive_entry_set_perm(header, entry.isDirectory ? 0o755 : 0o644)
        archive_entry_set_size(header, size)
        archive_entry_set_mtime(header, time_t(options.modificationSeconds), 0)
        archive_entry_set_uid(header, 0)
        archive_entry_set_gid(header, 0)
        try check(archive_write_header(archive, header), archive, entry)
        guard !entry.isDirectory else { return 0 }

        // The pump stops at the declared size, so libarchive never silently truncates or zero-pads.
        let pump = EntryPump(archive: file.target.path, entry: entry)
        while let chunk = try pump.next() {
            let written = chunk.withUnsafeBytes { bytes in archive_write_data(archive, bytes.baseAddress, bytes.count) }
            guard written == chunk.count else { throw failure(archive, entry) }
        }
        try check(archive_write_finish_entry(archive), archive, entry)
        return pump.produced
    }

    /// Anything but ARCHIVE_OK fails: a warning from the writer means output other than what was asked for.
    private func check(_ status: Int32, _ archive: OpaquePointer, _ entry: PendingEntry?) throws(ArchiveWriteError) {
        if status != ARCHIVE_OK { throw failure(archive, entry) }
    }

    private func failure(_ archive: OpaquePointer, _ entry: PendingEntry?) -> ArchiveWriteError {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "libarchive failed"
        return ArchiveWriteError(archive: file.target.path, entry: entry?.path, reason: .library(message))
    }
}
