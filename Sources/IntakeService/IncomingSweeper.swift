import Foundation
import Logging
import ServiceLifecycle

/// Clears `STORE/incoming/` of uploads whose server died midway (a crash or SIGKILL skips the removal a
/// refused upload gets). A file no one has written to for longer than the upload and idle timeouts
/// together is no live upload's: a live one is written to at least every idle timeout and ends within the
/// upload timeout. Safe on a shared store as long as every server has the same timeouts (docs/SERVICE.md).
struct IncomingSweeper: Service {
    let archives: ArchiveStore
    let untouchedFor: TimeInterval
    let every: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let removed = archives.sweepIncoming(untouchedFor: untouchedFor, now: Date())
            if !removed.isEmpty {
                logger.notice("removed abandoned uploads from the store's incoming/", metadata: ["files": "\(removed)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
        }
    }
}
