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
        self.root = root.standardizedFileURL
        for folder in [objects, incoming] {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw .io("cannot create \(folder.path): \(error.localizedDescription)")
            }
        }
    }

    var objects: URL { root.appendingPathComponent("objects", isDirectory: true) }
    var incoming: URL { root.appendingPathComponent("incoming", isDirectory: true) }

    /// Where the archive with this SHA-256 lives (whether or not it is there).
    public func url(sha256: String) -> URL {
        objects.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true).appendingPathComponent(sha256)
    }

    /// Streams `body` into the store, hashing as it goes: at most `limit` bytes, exactly `declared` when the
    /// client declared a length, the whole of it within `deadline`. Refused uploads leave no file.
    public func receive<Body: AsyncSequence>(_ body: Body, limit: Int64, declared: Int64?, deadline: ContinuousClock.Instant)
        async throws -> Stored where Body.Element == ByteBuffer {
        let partial = incoming.appendingPathComponent("\(UUID().uuidString).part")
        let (sha, bytes) = try await Self.stream(body, to: partial, limit: limit, declared: declared, deadline: deadline)
        defer { unlink(partial.path) }
        let final = url(sha256: sha)
        do {
            try FileManager.default.createDirectory(at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw Refusal.io("cannot create \(final.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        let existed = FileManager.default.fileExists(atPath: final.path)
        // Same content, same name: replacing an existing object changes nothing a reader could see.
        guard rename(partial.path, final.path) == 0 else {
            throw Refusal.io("cannot move the upload to \(final.path): \(String(cString: strerror(errno)))")
        }
        return Stored(sha256: sha, bytes: bytes, url: final, isNew: !existed)
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

    /// Removes an object this upload created when it could not be queued, so no job refers to it; an object
    /// that was there before belongs to an earlier upload's job and stays.
    func discard(_ stored: Stored) {
        if stored.isNew { unlink(stored.url.path) }
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
