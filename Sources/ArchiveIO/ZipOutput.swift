import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the zip writer puts bytes: appended in order, plus patches of already-written header fields.
protocol ZipOutput: AnyObject {
    /// Bytes appended so far (the offset of the next byte).
    var offset: UInt64 { get }
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Overwrites bytes at `position` (< `offset`): a local header's CRC and sizes once its data is written.
    func patch(_ bytes: [UInt8], at position: UInt64) throws
    /// Pushes buffered bytes out.
    func flush() throws
}

extension ZipOutput {
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }
}

/// A new file written through a 1 MiB buffer; patches go straight to the file (`pwrite`) after a flush.
///
/// The bytes are hashed (SHA-256) as they are appended, on the writing thread while the workers compress,
/// so the archive's hash costs no pass of its own; a patch rewrites bytes already hashed, so it voids it.
final class ZipFileOutput: ZipOutput {
    private let archive: String
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    private(set) var offset: UInt64 = 0
    private var digest: ArchiveSHA256? = ArchiveSHA256()

    /// The SHA-256 (hex) of everything written, or nil once a patch changed bytes after they were hashed
    /// (or libcrypto failed): the writer then hashes the finished file.
    var sha256: String? { digest?.hexDigest() }

    /// Creates `url`, which must not exist (the atomic writer's fresh temporary name).
    init(creating url: URL, archive: String) throws {
        self.archive = archive
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ArchiveWriteError(archive: archive, reason: .io("cannot create the zip: \(String(cString: strerror(errno)))"))
        }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        _ = close(descriptor)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        digest?.update(bytes)
        if bytes.count > buffer.count - buffered {
            try flush()
            if bytes.count >= buffer.count {
                try writeAll(bytes)
                offset += UInt64(bytes.count)
                return
            }
        }
        if let base = bytes.baseAddress, let into = buffer.baseAddress, !bytes.isEmpty {
            (into + buffered).copyMemory(from: base, byteCount: bytes.count)
        }
        buffered += bytes.count
        offset += UInt64(bytes.count)
    }

    func patch(_ bytes: [UInt8], at position: UInt64) throws {
        digest = nil
        try flush()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(position)) }
        guard written == bytes.count else { throw ioError("cannot update a local header") }
    }

    func flush() throws {
        guard buffered > 0 else { return }
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer.prefix(buffered)))
        buffered = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = systemWrite(descriptor, base + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ioError("cannot write the zip") }
            done += n
        }
    }

    private func ioError(_ what: String) -> ArchiveWriteError {
        ArchiveWriteError(archive: archive, reason: .io("\(what): \(String(cString: strerror(errno)))"))
    }
}

/// A zip built in memory (a 3MF inside an export, for instance).
final class ZipMemoryOutput: ZipOutput {
    private(set) var bytes: [UInt8] = []

    var offset: UInt64 { UInt64(bytes.count) }

    func write(_ raw: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: raw) }

    func patch(_ patch: [UInt8], at position: UInt64) throws {
        let start = Int(position)
        bytes.replaceSubrange(start..<(start + patch.count), with: patch)
    }

    func flush() throws {}
}

/// write(2), under a name the `ZipOutput.write` methods do not shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
