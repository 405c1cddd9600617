import ArchiveIO
import Foundation
import Ledger
import VendorKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settles exports a dead process left pending, and owns the staging files' names and moves.
public enum ExportRecovery {
    /// This machine's name, recorded with each pending export (a pid only means something on its host).
    public static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// `.aligngate-<random>-NAME` beside the target: hidden, on the same file system, extension kept.
    static func stagingURL(for target: URL) -> URL {
        let token = UUID().uuidString.prefix(8).lowercased()
        return target.deletingLastPathComponent().appendingPathComponent(".aligngate-\(token)-\(target.lastPathComponent)")
    }

    /// Removes a staging file and the adapter's own temporary files beside it (`.<staging>.partial-*`).
    static func removeStaging(_ staging: URL) {
        let folder = staging.deletingLastPathComponent()
        let prefix = ".\(staging.lastPathComponent).partial-"
        _ = unlink(staging.path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// One rename onto the target; without `overwrite`, link + unlink so an archive that appeared meanwhile
    /// is never replaced.
    static func moveIntoPlace(_ staging: URL, target: URL, overwrite: Bool) throws(GatewayError) {
        if overwrite {
            guard rename(staging.path, target.path) == 0 else { throw ioError(target, "cannot move the archive into place") }
            return
        }
        guard link(staging.path, target.path) == 0 else {
            if errno == EEXIST { throw .vendor(.archiveWrite(ArchiveWriteError(archive: target.path, reason: .targetExists))) }
            throw ioError(target, "cannot move the archive into place")
        }
        _ = unlink(staging.path)
    }

    private static func ioError(_ url: URL, _ what: String) -> GatewayError {
        .io(file: url.path, detail: "\(what): \(String(cString: strerror(errno)))")
    }

    /// Whether the process that owns a pending export is gone (only decidable on the same host).
    static func ownerIsGone(_ export: ExportRecord) -> Bool {
        guard export.ownerHost == host else { return false }
        if export.ownerPID == getpid() { return false }
        return kill(export.ownerPID, 0) != 0 && errno == ESRCH
    }

    /// Settles every pending export whose process has died: target holds the recorded hash → the archive is
    /// in place (complete, audited), whether or not the staging file survived; otherwise it never reached the
    /// target (abandoned). Staging files are removed either way. Returns the exports settled. On a shared
    /// ledger only this host's dead processes are settled: another machine's pid means nothing here.
    @discardableResult
    public static func reconcile(_ ledger: any LedgerStore) async throws(GatewayError) -> [ExportRecord] {
        let pending: [ExportRecord]
        do { pending = try await ledger.pendingExports() } catch { throw .ledger(error) }
        var settled: [ExportRecord] = []
        for export in pending where ownerIsGone(export) {
            guard let id = export.id else { continue }
            // The target first: a kill between `link` and `unlink` leaves both names on the finished archive,
            // so a surviving staging file does not mean the move failed.
            let target = URL(fileURLWithPath: export.path)
            let inPlace = export.sha256 != nil
                && FileManager.default.fileExists(atPath: target.path) && (try? FileDigest.sha256(target)) == export.sha256
            removeStaging(URL(fileURLWithPath: export.staging))
            let outcome: (ExportRecord.Status, String) = inPlace
                ? (.complete, "reconciled: the archive is in place with the recorded SHA-256")
                : (.abandoned, "reconciled: process \(export.ownerPID) ended before the archive was moved into place")
            do {
                if let (record, _) = try await ledger.finishExport(id, status: outcome.0, seconds: nil, detail: outcome.1, at: Date()) {
                    settled.append(record)
                }
            } catch { throw .ledger(error) }
        }
        return settled
    }
}
