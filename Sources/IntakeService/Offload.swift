import Dispatch

/// Runs CPU-heavy, blocking work (reading an archive, checking a plan) on a Dispatch thread, so Swift's
/// cooperative pool — two threads on a 2-core machine — stays free to answer requests meanwhile.
enum Offload {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
