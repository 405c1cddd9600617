import Foundation

/// The data of one entry, decompressed on demand; valid only inside the `forEachEntry` body that received it.
///
/// Limits are enforced here, on the bytes as they come out of the decompressor: the per-entry and
/// total caps stop at the first byte past them (we never even ask libarchive for more than one byte
/// beyond the remaining allowance), and the ratio is checked after every chunk.
public final class EntryStream {
    /// The entry this stream reads.
    public let entry: ArchiveEntry
    /// Uncompressed bytes delivered so far.
    public private(set) var bytesRead: Int64 = 0
    /// Whether the end of the data was reached (libarchive has then also verified the checksum).
    public private(set) var isAtEnd: Bool

    private var pass: ArchivePass?
    private let archive: String
    /// The error that ended the stream; every later read throws it again.
    private(set) var failure: ArchiveError?
    /// Whether the failure was ours (a size or ratio limit) rather than libarchive's.
    private(set) var exceededLimit = false

    init(pass: ArchivePass, entry: ArchiveEntry, hasData: Bool) {
        self.pass = pass
        self.entry = entry
        archive = pass.archive
        // Directories have no data; a link's "data" is its target and a device has none: never deliver them.
        isAtEnd = !(hasData && entry.kind == .file)
    }

    /// Ends the stream's life: later reads throw instead of touching a freed reader.
    func close() { pass = nil }

    /// Up to `maxLength` more bytes, or nil at the end of the entry.
    public func read(maxLength: Int = 1 << 20) throws(ArchiveError) -> Data? {
        if let failure { throw failure }
        if isAtEnd { return nil }
        guard let pass else {
            throw ArchiveError(archive: archive, entry: entry.rawPath, rule: .unreadable,
                               detail: "entry stream used after its forEachEntry body returned")
        }
        let limits = pass.limits
        let entryAllowance = max(0, limits.maxEntryBytes - bytesRead)
        let totalAllowance = max(0, limits.maxTotalBytes - pass.totalBytes)
        // Never ask for more than one byte past what the limits still allow (nor more than 16 MiB at once).
        let want = Int(clamping: min(Int64(max(1, maxLength)), 16 << 20, entryAllowance + 1, totalAllowance + 1))
        var chunk = Data(count: want)
        let result = chunk.withUnsafeMutableBytes { pass.handle.readData(into: $0) }
        switch result {
        case .failure(let failure):
            if failure.status == .fatal || failure.status == .retry { pass.isFatal = true }
            let rule = LibArchiveErrorMapping.rule(for: failure, entryEncrypted: entry.isEncrypted, passwordGiven: pass.passwordGiven)
            throw fail(ArchiveError(archive: pass.archive, entry: entry.rawPath, rule: rule, detail: failure.message))
        case .success(0):
            isAtEnd = true
            return nil
        case .success(let n):
            chunk.count = n
            bytesRead += Int64(n)
            pass.totalBytes += Int64(n)
            try checkLimits(pass)
            return chunk
        }
    }

    /// The rest of the data, whole (bounded by `maxEntryBytes`).
    public func readAll() throws(ArchiveError) -> Data {
        var data = Data()
        // Reserve from the header's claim only up to a small cap: the claim is not trusted.
        if let declared = entry.declaredSize, declared > 0 { data.reserveCapacity(Int(min(declared, 16 << 20))) }
        while let chunk = try read() { data.append(chunk) }
        return data
    }

    /// Reads and discards the rest, still under the limits.
    func drain() throws(ArchiveError) {
        while try read() != nil {}
    }

    private func checkLimits(_ pass: ArchivePass) throws(ArchiveError) {
        let limits = pass.limits
        func limit(_ rule: ArchiveError.Rule, _ detail: String) -> ArchiveError {
            exceededLimit = true
            return fail(ArchiveError(archive: pass.archive, entry: entry.rawPath, rule: rule, detail: detail))
        }
        if bytesRead > limits.maxEntryBytes {
            let declared = entry.declaredSize.map(String.init) ?? "nothing"
            throw limit(.entryTooLarge, "more than \(limits.maxEntryBytes) bytes uncompressed (declared \(declared))")
        }
        if pass.totalBytes > limits.maxTotalBytes {
            pass.exceededTotal = true
            throw limit(.totalTooLarge, "archive produced more than \(limits.maxTotalBytes) bytes uncompressed")
        }
        if let compressed = entry.compressedSize {
            if bytesRead > limits.compressionRatioFloor, Double(bytesRead) > limits.maxCompressionRatio * Double(compressed) {
                throw limit(.compressionRatio,
                            "\(bytesRead) bytes out of \(compressed) compressed, ratio above \(limits.maxCompressionRatio)")
            }
        } else {
            // No per-entry compressed size (tar.*, 7z): compare everything produced with everything consumed.
            let consumed = pass.handle.consumedInputBytes
            if pass.totalBytes > limits.compressionRatioFloor, Double(pass.totalBytes) > limits.maxCompressionRatio * Double(consumed) {
                throw limit(.compressionRatio,
                            "archive produced \(pass.totalBytes) bytes from \(consumed) read, ratio above \(limits.maxCompressionRatio)")
            }
        }
    }

    private func fail(_ error: ArchiveError) -> ArchiveError {
        failure = error
        return error
    }
}
