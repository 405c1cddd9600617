import ArchiveIO
import Foundation

extension CaseFiles {
    /// Calls `body` with the bytes of each of `wanted` on every core, one file per worker at a time and in
    /// no set order: an archive through `ArchiveReader.forEachEntryConcurrently` (a zip by random access),
    /// a folder file by file under `read`'s rules and limits. The error thrown is the first in archive
    /// order (a folder's: in `wanted`'s order), whatever the timing; `body` may have run for later files.
    public func readConcurrently(_ wanted: [String], _ body: @escaping @Sendable (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        guard !wanted.isEmpty else { return }
        if isFolder { try readFolderConcurrently(wanted, body); return }
        let wantedSet = Set(wanted)
        try VendorError.catching(vendor: vendor, file: url.lastPathComponent, context: "cannot read the archive: ") {
            let reader = try ArchiveReader(contentsOf: url, limits: limits, password: password)
            try reader.forEachEntryConcurrently(where: { $0.kind == .file && wantedSet.contains($0.path) }) { entry, data in
                try body(entry.path, data)
            }
        }
    }

    private func readFolderConcurrently(_ wanted: [String], _ body: @escaping @Sendable (String, Data) throws(VendorError) -> Void) throws(VendorError) {
        // The total limit up front (each worker checks its own file's size and kind as `read` does).
        var total: Int64 = 0
        for path in wanted {
            total += sizes[path] ?? 0
            guard total <= limits.maxTotalBytes else {
                throw .malformed(vendor: vendor, file: path, detail: "larger than the intake limits (\(limits.maxEntryBytes) bytes per file, \(limits.maxTotalBytes) in all)")
            }
        }
        let failures = FirstFailure(count: wanted.count)
        DispatchQueue.concurrentPerform(iterations: wanted.count) { i in
            do throws(VendorError) { try read([wanted[i]], body) } catch { failures.set(i, error) }
        }
        if let error = failures.first { throw error }
    }
}

/// The failures of a concurrent pass by position, so the one reported does not depend on timing.
private final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [VendorError?]

    init(count: Int) { errors = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ error: VendorError) { lock.withLock { errors[i] = error } }

    var first: VendorError? { lock.withLock { errors.lazy.compactMap { $0 }.first } }
}
