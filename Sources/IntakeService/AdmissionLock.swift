import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serialises the admission of one content address — moving an upload into place, queueing it, and removing
/// it again if it could not be queued — so that two uploads of the same bytes never see each other half
/// done: neither can remove an object the other's job needs. In this process an async lock per stripe (the
/// first four hex digits of the SHA-256); across processes sharing the store (servers on many machines) a
/// POSIX record lock on that stripe's byte of `STORE/admission.lock`, which the kernel (or the NFSv4 /
/// CephFS lock service) releases if the process dies.
final class AdmissionLock: Sendable {
    /// One per store folder per process: POSIX locks belong to the process, and closing any descriptor of
    /// the lock file would drop them all, so the file is opened once and never closed.
    static func forStore(_ root: URL) throws(ArchiveStore.Refusal) -> AdmissionLock {
        let path = root.appendingPathComponent("admission.lock").path
        return try registry.withLock { locks -> Result<AdmissionLock, ArchiveStore.Refusal> in
            if let lock = locks[path] { return .success(lock) }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return .failure(.io("cannot open \(path): \(String(cString: strerror(errno)))")) }
            let lock = AdmissionLock(fd: fd)
            locks[path] = lock
            return .success(lock)
        }.get()
    }

    private static let registry = Locked<[String: AdmissionLock]>([:])

    private let fd: Int32
    private let local = StripeQueue()

    private init(fd: Int32) { self.fd = fd }

    /// Runs `body` holding the lock of `sha256`'s stripe, in this process and, where the file system
    /// supports record locks, in every process using the store.
    func withLock<T>(_ sha256: String, _ body: () async throws -> T) async throws -> T {
        let stripe = Self.stripe(sha256)
        await local.acquire(stripe)
        let shared = await lockShared(stripe)
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        if shared { unlockShared(stripe) }
        await local.release(stripe)
        return try result.get()
    }

    /// Uploads of this stripe waiting for the in-process lock (tests).
    func waiting(_ sha256: String) async -> Int { await local.waiting(Self.stripe(sha256)) }

    /// Calls `observer` whenever an admission starts waiting (tests).
    func observeWaits(_ observer: @escaping @Sendable () -> Void) async { await local.observe(observer) }

    static func stripe(_ sha256: String) -> Int { Int(sha256.prefix(4), radix: 16) ?? 0 }

    /// Blocks (on a Dispatch thread) until this process holds the stripe's byte; false when the file system
    /// has no record locks, where only this process's admissions are serialised (docs/SERVICE.md).
    private func lockShared(_ stripe: Int) async -> Bool {
        let fd = fd
        return (try? await Offload.run { () -> Bool in
            var request = Self.record(F_WRLCK, stripe)
            while fcntl(fd, F_SETLKW, &request) != 0 {
                if errno != EINTR { return false }
            }
            return true
        }) ?? false
    }

    private func unlockShared(_ stripe: Int) {
        var request = Self.record(F_UNLCK, stripe)
        _ = fcntl(fd, F_SETLK, &request)
    }

    private static func record(_ type: Int32, _ stripe: Int) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = off_t(stripe)
        request.l_len = 1
        return request
    }
}

/// An async lock per key, handed to waiters in arrival order.
private actor StripeQueue {
    private var held: Set<Int> = []
    private var waiters: [Int: [CheckedContinuation<Void, Never>]] = [:]
    private var observers: [@Sendable () -> Void] = []

    func acquire(_ key: Int) async {
        if held.insert(key).inserted { return }
        await withCheckedContinuation { continuation in
            waiters[key, default: []].append(continuation)
            for observer in observers { observer() }
        }
    }

    func release(_ key: Int) {
        guard var queue = waiters[key], !queue.isEmpty else {
            held.remove(key)
            return
        }
        let next = queue.removeFirst()
        waiters[key] = queue.isEmpty ? nil : queue
        next.resume()  // the lock passes to it: `held` keeps the key
    }

    func waiting(_ key: Int) -> Int { waiters[key]?.count ?? 0 }

    func observe(_ observer: @escaping @Sendable () -> Void) { observers.append(observer) }
}
