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
    /// Whether the end of the data was reached (the checksum has then also been verified: by
    /// libarchive, or by us against the data descriptor for a zip entry whose central directory has no CRC).
    public private(set) var isAtEnd: Bool

    private var pass: ArchivePass?
    private let archive: String
    /// The error that ended the stream; every later read throws it again.
    private(set) var failure: ArchiveError?
    /// Whether the failure was ours (a size or ratio limit) rather than libarchive's.
    private(set) var exceededLimit = false
    /// Set for a zip entry checked against its data descriptor rather than by libarchive alone.
    private var descriptorCheck: DescriptorCheck?

    /// A zip entry whose central directory records CRC 0 while its data descriptor holds the real
    /// one: libarchive checks the data against 0 and warns "ZIP bad CRC" at the end, so we compute
    /// the CRC of what we deliver and settle that warning against the descriptor.
    ///
    /// Its data is read block by block (`archive_read_data_block`): `archive_read_data` returns the
    /// warning instead of a byte count, so bytes it had already copied in that call would be lost.
    private final class DescriptorCheck {
        let descriptor: ZipDirectory.DataDescriptor
        var crc = CRC32()
        /// What is left of the block libarchive last returned (its memory: valid until the next libarchive call).
        var block = UnsafeRawBufferPointer(start: nil, count: 0)
        /// Where the next block must start: the bytes libarchive has returned so far.
        var nextOffset: Int64 = 0
        /// libarchive's CRC warning, which came with the last block.
        var warning: LibArchiveFailure?

        init(_ descriptor: ZipDirectory.DataDescriptor) { self.descriptor = descriptor }
    }

    /// `descriptor`: the data descriptor to check the data against instead of the central directory's CRC.
    init(pass: ArchivePass, entry: ArchiveEntry, hasData: Bool, descriptor: ZipDirectory.DataDescriptor? = nil) {
        self.pass = pass
        self.entry = entry
        archive = pass.archive
        // Directories have no data; a link's "data" is its target and a device has none: never deliver them.
        isAtEnd = !(hasData && entry.kind == .file)
        if !isAtEnd, let descriptor { descriptorCheck = DescriptorCheck(descriptor) }
    }

    /// Ends the stream's life: later reads throw instead of touching a freed reader.
    func close() {
        pass = nil
        descriptorCheck?.block = UnsafeRawBufferPointer(start: nil, count: 0)
    }

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
        let result = chunk.withUnsafeMutableBytes { buffer in
            if let descriptorCheck { return read(checking: descriptorCheck, from: pass.handle, into: buffer) }
            return pass.handle.readData(into: buffer)
        }
        switch result {
        case .failure(let failure):
            if failure.status == .fatal || failure.status == .retry { pass.isFatal = true }
            let rule = LibArchiveErrorMapping.rule(for: failure, entryEncrypted: entry.isEncrypted, passwordGiven: pass.passwordGiven)
            throw fail(ArchiveError(archive: pass.archive, entry: entry.rawPath, rule: rule, detail: failure.message))
        case .success(0):
            if let descriptorCheck { try verify(descriptorCheck, pass) }
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

    /// Copies up to `buffer.count` bytes of the current block, fetching the next block when it is used
    /// up; 0 at the end of the data. libarchive's CRC warning is held (with its block) for `verify`.
    private func read(checking check: DescriptorCheck, from handle: LibArchiveHandle,
                      into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, LibArchiveFailure>
    {
        while check.block.isEmpty {
            let (status, bytes, offset) = handle.readBlock()
            switch status {
            case .eof:
                return .success(0)
            case .ok, .warn:
                if status == .warn {
                    let warning = handle.failure(.warn)
                    guard LibArchiveErrorMapping.isZipCRCMismatch(warning), check.warning == nil else { return .failure(warning) }
                    check.warning = warning
                }
                // Zip data has no holes: a block anywhere but right after the last one is not ours to deliver.
                guard offset == check.nextOffset else {
                    return .failure(LibArchiveFailure(status: .failed, errno: 0,
                                                      message: "data block at offset \(offset), expected \(check.nextOffset)"))
                }
                check.block = bytes
                check.nextOffset += Int64(bytes.count)
            case .retry, .failed, .fatal:
                return .failure(handle.failure(status))
            }
        }
        let count = min(check.block.count, buffer.count)
        let part = UnsafeRawBufferPointer(rebasing: check.block[..<count])
        buffer.copyMemory(from: part)
        check.crc.update(part)
        check.block = UnsafeRawBufferPointer(rebasing: check.block[count...])
        return .success(count)
    }

    /// At the end of a descriptor-checked entry: the data delivered must have the descriptor's CRC
    /// and size (whether or not libarchive warned); otherwise `badChecksum`, as for any CRC mismatch.
    private func verify(_ check: DescriptorCheck, _ pass: ArchivePass) throws(ArchiveError) {
        let descriptor = check.descriptor
        let crc = check.crc.value
        if crc == descriptor.crc, bytesRead == descriptor.uncompressedSize { return }
        func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
        var message = "ZIP data descriptor mismatch: data has CRC \(hex(crc)) and \(bytesRead) bytes, "
            + "its data descriptor gives CRC \(hex(descriptor.crc)) and \(descriptor.uncompressedSize) bytes"
        if let warning = check.warning { message += " (libarchive: \(warning.message))" }
        let failure = LibArchiveFailure(status: .warn, errno: 0, message: message)
        // Mapped like libarchive's own CRC warning (so a wrong zip-crypto password still reads as one).
        let rule = LibArchiveErrorMapping.rule(for: failure, entryEncrypted: entry.isEncrypted, passwordGiven: pass.passwordGiven)
        throw fail(ArchiveError(archive: pass.archive, entry: entry.rawPath, rule: rule, detail: message))
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
