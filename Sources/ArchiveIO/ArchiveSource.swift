import CArchive
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an archive's bytes live: a file held open (every pass reads the same inode, even if the
/// path is replaced meanwhile) or bytes the caller gave.
///
/// Sendable: immutable after init, and `pread` keeps no file position, so threads may read it at once.
final class ArchiveSource: @unchecked Sendable {
    private enum Storage {
        case file(fd: Int32)
        case memory(Data)
    }

    private let storage: Storage
    /// The archive's name for messages: the file name, or the name given with the bytes.
    let name: String
    /// Total size in bytes.
    let size: Int64

    /// Opens a regular file for reading.
    init(url: URL) throws(ArchiveError) {
        name = url.lastPathComponent
        // O_NONBLOCK: opening a FIFO planted at the path must not hang (it is refused below as not a regular file).
        let fd = url.withUnsafeFileSystemRepresentation { path in path.map { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } ?? -1 }
        guard fd >= 0 else {
            throw ArchiveError(archive: name, rule: .unreadable, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ArchiveError(archive: name, rule: .unreadable, detail: "not a regular file")
        }
        storage = .file(fd: fd)
        size = Int64(info.st_size)
    }

    /// Wraps bytes held in memory.
    init(data: Data, name: String) {
        storage = .memory(data)
        self.name = name
        size = Int64(data.count)
    }

    deinit {
        if case .file(let fd) = storage { close(fd) }
    }

    /// Exactly `count` bytes at `offset`, or nil when they are not all there.
    func bytes(at offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else { return nil }
        switch storage {
        case .memory(let data):
            let start = data.startIndex + Int(offset)
            return [UInt8](data[start..<(start + count)])
        case .file(let fd):
            var result = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = result.withUnsafeMutableBytes { buffer in
                    pread(fd, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset) + off_t(done))
                }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return nil }
                done += n
            }
            return result
        }
    }

    /// Fills `buffer` with the bytes at `offset`; false when they are not all there (or the read failed).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Bool {
        let count = buffer.count
        guard offset >= 0, offset <= size, Int64(count) <= size - offset else { return false }
        guard count > 0, let base = buffer.baseAddress else { return true }
        switch storage {
        case .memory(let data):
            data.withUnsafeBytes { bytes in
                guard let from = bytes.baseAddress else { return }
                base.copyMemory(from: from + Int(offset), byteCount: count)
            }
            return true
        case .file(let fd):
            var done = 0
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(offset) + off_t(done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    /// Runs `body` with a function that attaches this source to a new `struct archive *` (read from the
    /// start); the attachment is valid only inside `body`, as with `withHandle`.
    func withOpener<T>(_ body: ((OpaquePointer) -> Int32) -> T) -> T {
        switch storage {
        case .file(let fd):
            return body { archive in
                guard lseek(fd, 0, SEEK_SET) == 0 else { return ARCHIVE_FATAL }
                return archive_read_open_fd(archive, fd, 64 * 1024)
            }
        case .memory(let data):
            return data.withUnsafeBytes { buffer in
                body { archive in archive_read_open_memory(archive, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), buffer.count) }
            }
        }
    }

    /// Runs `body` with a fresh libarchive reader positioned at the start of the archive.
    ///
    /// The handle must not outlive `body`: for memory it points into `Data`'s storage, which is only
    /// guaranteed stable inside `withUnsafeBytes`.
    func withHandle<T>(password: String?, _ body: (LibArchiveHandle) throws -> T) throws -> T {
        try UTF8Locale.with { () throws -> T in
            let handle = try LibArchiveHandle(password: password)
            switch storage {
            case .file(let fd):
                guard lseek(fd, 0, SEEK_SET) == 0 else {
                    throw LibArchiveFailure(status: .fatal, errno: errno, message: "cannot rewind: \(String(cString: strerror(errno)))")
                }
                try handle.open(fileDescriptor: fd)
                return try body(handle)
            case .memory(let data):
                return try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws -> T in
                    try handle.open(memory: buffer)
                    return try body(handle)
                }
            }
        }
    }
}
