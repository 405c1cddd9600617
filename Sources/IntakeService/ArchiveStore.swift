import Digest
import Foundation
import Hummingbird

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The uploaded archives, content-addressed: `objects/ab/abcdef…` by SHA-256, written to `incoming/` first
/// and moved into place whole, so a reader (a worker, on this machine or one sharing the mount) never sees
/// a partial archive, and an upload cut off or over the limit leaves nothing behind.
public struct ArchiveStore: Sendable {
    /// The store's folder.
    public let root: URL
    /// Serialises admissions of one SHA-256, in this process and across processes sharing the folder.
    let admission: AdmissionLock

    /// An archive received whole.
    public struct Stored: Sendable, Hashable {
        public var sha256: String
        public var bytes: Int64
        public var url: URL
        /// Whether this upload put the object in the store (false: the same bytes were there already).
        public var isNew: Bool
    }

    /// Why an upload was not stored.
    public enum Refusal: Error, Sendable, Equatable {
        case tooLarge(limit: Int64)
        case incomplete(received: Int64, declared: Int64)
        case timedOut
        case empty
        case io(String)
    }

    /// Opens (creating) the store at `root`.
    public init(root: URL) throws(Refusal) {
        let root = root.standardizedFileURL
        for folder in ["objects", "incoming"].map({ root.appendingPathComponent($0, isDirectory: true) }) {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw .io("cannot create \(folder.path): \(error.localizedDescription)")
            }
        }
        self.root = root
        admission = try AdmissionLock.forStore(root)
    }

    var objects: URL { root.appendingPathComponent("objects", isDirectory: true) }
    var incoming: URL { root.appendingPathComponent("incoming", isDirectory: true) }

    /// Where the archive with this SHA-256 lives (whether or not it is there).
    public func url(sha256: String) -> URL {
        objects.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true).appendingPathComponent(sha256)
    }

    /// Streams `body` into the store, hashing as it goes: at most `limit` bytes, exactly `declared` when the
    /// client declared a length, the whole of it within `deadline`; then, holding the admission lock of its
    /// SHA-256, moves it into place (unless the same bytes are there already) and runs `queue` on it. If
    /// `queue` throws, an object this upload put there is removed again, so no job-less object stays; one
    /// that was there before — or that another upload put there — belongs to that upload's job and stays.
    /// Refused uploads leave no file.
    public func receive<Body: AsyncSequence, T>(_ body: Body, limit: Int64, declared: Int64?, deadline: ContinuousClock.Instant,
                                               then queue: (Stored) async throws -> T) async throws -> T
        where Body.Element == ByteBuffer {
        let partial = incoming.appendingPathComponent("\(UUID().uuidString).part")
        let (sha, bytes) = try await Self.stream(body, to: partial, limit: limit, declared: declared, deadline: deadline)
        defer { unlink(partial.path) }
        let final = url(sha256: sha)
        do {
            try FileManager.default.createDirectory(at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw Refusal.io("cannot create \(final.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        return try await admission.withLock(sha) {
            // Same content, same name: an object already there is the one earlier jobs read; it is kept.
            if Self.identity(final.path) != nil {
                return try await queue(Stored(sha256: sha, bytes: bytes, url: final, isNew: false))
            }
            let placed = Self.identity(partial.path)
            guard rename(partial.path, final.path) == 0 else {
                throw Refusal.io("cannot move the upload to \(final.path): \(String(cString: strerror(errno)))")
            }
            do { return try await queue(Stored(sha256: sha, bytes: bytes, url: final, isNew: true)) } catch {
                // Only the file this upload renamed there (the same inode): should another server without
                // the shared lock have replaced it meanwhile, that one stays.
                if let placed, Self.identity(final.path) == placed { unlink(final.path) }
                throw error
            }
        }
    }

    /// A file's device and inode, nil when there is none.
    static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    /// Streams `body` to a scratch file named `*.<fileExtension>` in `incoming/` (for a synchronous check),
    /// under the same rules; the caller removes it.
    public func receiveScratch<Body: AsyncSequence>(_ body: Body, fileExtension: String, limit: Int64, declared: Int64?,
                                                    deadline: ContinuousClock.Instant) async throws -> URL where Body.Element == ByteBuffer {
        let file = incoming.appendingPathComponent("\(UUID().uuidString).\(fileExtension)")
        _ = try await Self.stream(body, to: file, limit: limit, declared: declared, deadline: deadline)
        return file
    }

    /// Writes `body` to a new file at `path` and returns its SHA-256 and size; on any refusal the file is removed.
    static func stream<Body: AsyncSequence>(_ body: Body, to path: URL, limit: Int64, declared: Int64?,
                                            deadline: ContinuousClock.Instant) async throws -> (sha256: String, bytes: Int64)
        where Body.Element == ByteBuffer {
        if let declared, declared > limit { throw Refusal.tooLarge(limit: limit) }
        let fd = open(path.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Refusal.io("cannot create \(path.path): \(String(cString: strerror(errno)))") }
        var complete = false
        defer {
            close(fd)
            if !complete { unlink(path.path) }
        }
        var digest = SHA256()
        var received: Int64 = 0
        for try await chunk in body {
            received += Int64(chunk.readableBytes)
            if received > limit { throw Refusal.tooLarge(limit: limit) }
            if ContinuousClock.now > deadline { throw Refusal.timedOut }
            try chunk.withUnsafeReadableBytes { raw throws(Refusal) in
                digest.update(raw)
                try writeAll(fd, raw, path: path.path)
            }
        }
        if let declared, received != declared { throw Refusal.incomplete(received: received, declared: declared) }
        if received == 0 { throw Refusal.empty }
        guard fsync(fd) == 0 else { throw Refusal.io("cannot flush \(path.path): \(String(cString: strerror(errno)))") }
        complete = true
        return (digest.hexDigest(), received)
    }

    /// Removes the files in `incoming/` no one has written to for more than `untouchedFor` seconds (uploads
    /// whose server died: `IncomingSweeper`); their names.
    public func sweepIncoming(untouchedFor: TimeInterval, now: Date = Date()) -> [String] {
        incomingFiles().sorted().filter { name in
            let file = incoming.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
                  let modified = attributes[.modificationDate] as? Date, now.timeIntervalSince(modified) > untouchedFor else { return false }
            return (try? FileManager.default.removeItem(at: file)) != nil
        }
    }

    /// Files left in `incoming/` (uploads in flight, or left by a crash): for tests and operators.
    public func incomingFiles() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: incoming.path)) ?? []
    }

    /// Every stored object's SHA-256.
    public func objectHashes() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: objects.path) else { return [] }
        return walker.compactMap { ($0 as? String).flatMap { $0.contains("/") ? String($0.split(separator: "/").last ?? "") : nil } }
            .filter { $0.count == 64 }.sorted()
    }

    private static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws(Refusal) {
        var offset = 0
        while offset < raw.count {
            guard let base = raw.baseAddress else { return }
            let n = write(fd, base + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
