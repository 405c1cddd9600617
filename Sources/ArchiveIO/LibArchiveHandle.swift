import CArchive
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libarchive return code, as a value we can switch over.
enum LibArchiveStatus: Equatable {
    case ok, eof, retry, warn, failed, fatal

    init(_ code: Int32) {
        switch code {
        case ARCHIVE_OK: self = .ok
        case ARCHIVE_EOF: self = .eof
        case ARCHIVE_RETRY: self = .retry
        case ARCHIVE_WARN: self = .warn
        case ARCHIVE_FAILED: self = .failed
        default: self = .fatal  // ARCHIVE_FATAL and anything libarchive might add
        }
    }
}

/// What libarchive said when it refused something: its status, errno and message.
struct LibArchiveFailure: Error {
    var status: LibArchiveStatus
    var errno: Int32
    var message: String
    /// The decompression filters already detected (innermost first), when opening failed after detecting them.
    var filters: [String] = []
}

/// Owns one `struct archive *` opened for reading; `archive_read_free` runs exactly once, in deinit.
final class LibArchiveHandle {
    private let archive: OpaquePointer

    /// Creates a reader for the formats and filters the gateway accepts; `password` unlocks encrypted zip entries.
    ///
    /// Deliberately not `support_format_all` / `support_filter_all`: "all" includes mtree (whose
    /// entries name files on *this* machine, which libarchive opens) and filters that run external
    /// programs (lrzip, grzip, ...). Anything else is then "Unrecognized archive format".
    init(password: String?) throws(LibArchiveFailure) {
        guard let archive = archive_read_new() else {
            throw LibArchiveFailure(status: .fatal, errno: ENOMEM, message: "archive_read_new failed")
        }
        self.archive = archive
        try check(archive_read_support_format_zip(archive), allowWarn: false)  // seekable and streaming readers
        try check(archive_read_support_format_tar(archive), allowWarn: false)  // ustar, pax, GNU, v7
        try check(archive_read_support_format_7zip(archive), allowWarn: false)
        // Built in (zlib, libbz2, liblzma, libzstd) in Debian's and Homebrew's libarchive; a WARN would
        // mean "through an external program", which we refuse.
        try check(archive_read_support_filter_gzip(archive), allowWarn: false)
        try check(archive_read_support_filter_bzip2(archive), allowWarn: false)
        try check(archive_read_support_filter_xz(archive), allowWarn: false)
        try check(archive_read_support_filter_zstd(archive), allowWarn: false)
        // Apple builds fold "__MACOSX/._x" entries into their neighbours; list them on every platform alike.
        _ = archive_read_set_options(archive, "zip:!mac-ext")
        if let password, !password.isEmpty {
            try check(archive_read_add_passphrase(archive, password), allowWarn: false)
        }
    }

    deinit { archive_read_free(archive) }

    /// Starts reading from an open file descriptor (seekable, so the zip central directory is used).
    func open(fileDescriptor fd: Int32) throws(LibArchiveFailure) {
        try checkOpen(archive_read_open_fd(archive, fd, 64 * 1024))
    }

    /// Starts reading from memory that must stay valid until this handle is freed.
    func open(memory: UnsafeRawBufferPointer) throws(LibArchiveFailure) {
        // An empty buffer still needs a valid pointer; libarchive reads zero bytes from it.
        let base = memory.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
        try checkOpen(archive_read_open_memory(archive, base, memory.count))
    }

    /// Opening already detects filters and format: on failure, say which filters were found.
    private func checkOpen(_ code: Int32) throws(LibArchiveFailure) {
        do {
            try check(code, allowWarn: true)
        } catch {
            var failure = error
            failure.filters = compressionFilters.map(\.name)
            throw failure
        }
    }

    /// Reads the next header; the entry pointer belongs to libarchive and lives until the next call.
    func nextHeader() -> (LibArchiveStatus, OpaquePointer?) {
        var entry: OpaquePointer?
        let status = LibArchiveStatus(archive_read_next_header(archive, &entry))
        return (status, entry)
    }

    /// Decompresses up to `buffer.count` bytes of the current entry: > 0 bytes, 0 at its end, or a failure.
    func readData(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, LibArchiveFailure> {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
        let n = archive_read_data(archive, base, buffer.count)
        if n >= 0 { return .success(Int(n)) }
        return .failure(failure(LibArchiveStatus(Int32(truncatingIfNeeded: n))))
    }

    /// The next block of the current entry's data, without copying: `bytes` point into libarchive's
    /// buffers and stay valid only until the next call on this handle. `.ok` or `.warn` come with a
    /// block (a zip entry's end-of-data CRC warning comes with its last bytes, which `readData`
    /// would not hand over in the same call); `.eof` at the end of the data; anything else has none.
    func readBlock() -> (status: LibArchiveStatus, bytes: UnsafeRawBufferPointer, offset: Int64) {
        var start: UnsafeRawPointer?
        var size = 0
        var offset: Int64 = 0
        let status = LibArchiveStatus(archive_read_data_block(archive, &start, &size, &offset))
        guard status == .ok || status == .warn, let start, size > 0 else {
            return (status, UnsafeRawBufferPointer(start: nil, count: 0), offset)
        }
        return (status, UnsafeRawBufferPointer(start: start, count: size), offset)
    }

    /// Skips the rest of the current entry's data.
    func skipData() throws(LibArchiveFailure) {
        try check(archive_read_data_skip(archive), allowWarn: true)
    }

    /// libarchive's format code (ARCHIVE_FORMAT_*), valid once a header was read.
    var formatCode: Int32 { archive_format(archive) }

    /// libarchive's name for the format, for messages.
    var formatName: String { archive_format_name(archive).map { String(cString: $0) } ?? "unknown" }

    /// The decompression filters, innermost (nearest the format) first, without the raw input ("none").
    var compressionFilters: [(code: Int32, name: String)] {
        let count = archive_filter_count(archive)
        guard count > 1 else { return [] }
        return (0..<(count - 1)).map { index in
            (archive_filter_code(archive, index), archive_filter_name(archive, index).map { String(cString: $0) } ?? "?")
        }
    }

    /// Bytes consumed from the raw input so far (read-ahead included, so an upper bound).
    var consumedInputBytes: Int64 { archive_filter_bytes(archive, -1) }

    /// The current error, as a failure with the given status.
    func failure(_ status: LibArchiveStatus) -> LibArchiveFailure {
        let message = archive_error_string(archive).map { String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "no message"
        return LibArchiveFailure(status: status, errno: archive_errno(archive), message: message)
    }

    private func check(_ code: Int32, allowWarn: Bool) throws(LibArchiveFailure) {
        let status = LibArchiveStatus(code)
        if status == .ok || (status == .warn && allowWarn) { return }
        throw failure(status)
    }
}

/// Runs libarchive calls under a UTF-8 character locale on this thread only.
///
/// In the "C" locale libarchive cannot convert UTF-8 entry names at all (it returns NULL names);
/// `uselocale` switches just the calling thread, so other threads and the process locale are untouched.
enum UTF8Locale {
    private struct Box: @unchecked Sendable { let locale: locale_t? }  // immutable after creation
    private static let box: Box = {
        #if canImport(Glibc)
        let mask = Int32(1 << LC_CTYPE)
        #else
        let mask = LC_CTYPE_MASK
        #endif
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"] {
            if let locale = newlocale(mask, name, nil) { return Box(locale: locale) }
        }
        return Box(locale: nil)
    }()

    /// Runs `body` with LC_CTYPE = UTF-8 on this thread, restoring the previous thread locale after.
    static func with<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let locale = box.locale, let previous = uselocale(locale) else { return try body() }
        defer { uselocale(previous) }
        return try body()
    }
}
