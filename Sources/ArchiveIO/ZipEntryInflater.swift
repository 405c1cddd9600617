import CZlib
import Foundation

/// Inflates one zip entry by random access (its data range read with `pread`), enforcing the limits on
/// the bytes as they come out, as `EntryStream` does.
///
/// A deflated entry whose declared size is within every cap is inflated whole by libdeflate into a
/// buffer of exactly that size; it passes only if the stream fills it exactly, ends exactly at the
/// entry's compressed end and has the recorded CRC. Anything else — and any entry too large to hold
/// whole — goes through zlib in 1 MiB windows, which finds and names the rule broken.
///
/// The caps of one entry are checked here (per entry, ratio, and the total for this entry alone); the
/// running total over entries is settled in archive order by `ConcurrentEntryLedger`. Never trusts the
/// headers: output stops one byte past the first cap, whatever the entry declares.
struct ZipEntryInflater {
    let source: ArchiveSource
    let limits: ArchiveLimits
    /// Opens WinZip AES entries (the catalog admits them only when one is given).
    var password: String?

    /// Buffers one worker reuses from entry to entry.
    final class Scratch {
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        let whole = WholeInflater()
        /// Grown to the largest whole entry seen: its compressed bytes, and (when verifying) its output.
        private(set) var wholeInput = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        private(set) var wholeOutput = UnsafeMutableRawBufferPointer(start: nil, count: 0)

        deinit {
            input.deallocate()
            output.deallocate()
            wholeInput.deallocate()
            wholeOutput.deallocate()
        }

        func wholeInput(_ count: Int) -> UnsafeMutableRawBufferPointer {
            if wholeInput.count < count { Self.grow(&wholeInput, count) }
            return UnsafeMutableRawBufferPointer(rebasing: wholeInput[..<count])
        }

        func wholeOutput(_ count: Int) -> UnsafeMutableRawBufferPointer {
            if wholeOutput.count < count { Self.grow(&wholeOutput, count) }
            return UnsafeMutableRawBufferPointer(rebasing: wholeOutput[..<count])
        }

        private static func grow(_ buffer: inout UnsafeMutableRawBufferPointer, _ count: Int) {
            buffer.deallocate()
            buffer = .allocate(byteCount: count, alignment: 16)
        }
    }

    /// Entries up to this size (uncompressed and compressed) are inflated whole; larger ones are
    /// streamed, so a worker never holds more than this beyond the entry it hands on.
    static let wholeEntryLimit: Int64 = 256 << 20

    /// What inflating one entry gave.
    struct Outcome {
        /// Uncompressed bytes produced before the end or the failure.
        var produced: Int64 = 0
        /// The data, when it was kept and the entry passed.
        var data: Data?
        /// The rule broken, if any.
        var failure: ArchiveError?
    }

    /// Inflates `item`; `keep` keeps the bytes (else they are only counted and checksummed).
    func inflate(_ item: ZipCatalog.Item, keep: Bool, scratch: Scratch) -> Outcome {
        if item.aes != nil { return openSealed(item, keep: keep, scratch: scratch) }
        if let whole = inflateWhole(item, keep: keep, scratch: scratch) { return whole }
        return inflateRun(item, from: source, keep: keep, scratch: scratch)
    }

    /// The general path: stored bytes copied, deflated ones through zlib in windows, every rule named.
    private func inflateRun(_ item: ZipCatalog.Item, from source: ArchiveSource, keep: Bool, scratch: Scratch) -> Outcome {
        var run = Run(item: item, limits: limits, keep: keep, archive: self.source.name)
        if item.method == 0 { run.copyStored(source, scratch) } else { run.inflateDeflate(source, scratch) }
        var outcome = Outcome(produced: run.produced, failure: run.failure)
        if run.failure == nil { run.finalCheck() }
        outcome.failure = run.failure
        if outcome.failure == nil, keep { outcome.data = run.takeData() } else { run.discard() }
        return outcome
    }
}

extension ZipEntryInflater {
    /// A WinZip AES entry: read whole, its password verifier and authentication code checked and its data
    /// decrypted in place (`WinZipAESOpening`), then inflated (or copied) from the plaintext like any entry.
    func openSealed(_ item: ZipCatalog.Item, keep: Bool, scratch: Scratch) -> Outcome {
        func refused(_ rule: ArchiveError.Rule, _ detail: String) -> Outcome {
            Outcome(failure: ArchiveError(archive: source.name, entry: item.entry.rawPath, rule: rule, detail: detail))
        }
        guard let aes = item.aes, let password else { return refused(.encrypted, "WinZip AES-encrypted and no password given") }
        let data = scratch.wholeInput(Int(item.compressedSize))
        guard source.read(into: data, at: item.dataOffset) else {
            return refused(.truncated, "cannot read \(item.compressedSize) bytes of encrypted data at offset \(item.dataOffset)")
        }
        let plain: Range<Int>
        switch WinZipAESOpening.open(data, field: aes, password: password) {
        case .success(let range): plain = range
        case .failure(.wrongPassword): return refused(.wrongPassword, "the password does not give the entry's WinZip AES verifier")
        case .failure(.badCode):
            return refused(.badChecksum, "WinZip AES authentication code (HMAC-SHA1) does not match: the encrypted data is damaged")
        case .failure(.cipher(let message)): return refused(.unreadable, "WinZip AES: \(message)")
        }
        var inner = item
        inner.dataOffset = 0
        inner.compressedSize = Int64(plain.count)
        let body = UnsafeMutableRawBufferPointer(rebasing: data[plain])
        if wholeApplies(inner), let whole = inflateWhole(UnsafeRawBufferPointer(body), inner, keep: keep, scratch: scratch) { return whole }
        // Stored, too large to inflate whole, or broken: the general path over the plaintext names the rule.
        guard let base = body.baseAddress else { return inflateRun(inner, from: ArchiveSource(data: Data(), name: source.name), keep: keep, scratch: scratch) }
        let plaintext = ArchiveSource(data: Data(bytesNoCopy: base, count: body.count, deallocator: .none), name: source.name)
        return inflateRun(inner, from: plaintext, keep: keep, scratch: scratch)
    }

    /// The fast path: a valid deflated entry inflated in one call; nil when it does not apply or the
    /// entry is not exactly what its record says (the streaming path then names the problem).
    func inflateWhole(_ item: ZipCatalog.Item, keep: Bool, scratch: Scratch) -> Outcome? {
        guard wholeApplies(item) else { return nil }
        let input = scratch.wholeInput(Int(item.compressedSize))
        guard source.read(into: input, at: item.dataOffset) else { return nil }
        return inflateWhole(UnsafeRawBufferPointer(input), item, keep: keep, scratch: scratch)
    }

    /// Whether `item` is a deflated entry small enough, within every cap, to inflate in one call.
    private func wholeApplies(_ item: ZipCatalog.Item) -> Bool {
        let size = item.uncompressedSize, compressed = item.compressedSize
        let ratioCap = max(limits.compressionRatioFloor, Int64(min(Double(Int64.max / 2), limits.maxCompressionRatio * Double(compressed))))
        return item.method == 8 && size > 0 && compressed > 0 && size <= Self.wholeEntryLimit && compressed <= Self.wholeEntryLimit
            && size <= min(limits.maxEntryBytes, limits.maxTotalBytes, ratioCap)
    }

    /// Inflates the deflate stream `input` (all of the entry's compressed bytes) in one call.
    private func inflateWhole(_ input: UnsafeRawBufferPointer, _ item: ZipCatalog.Item, keep: Bool, scratch: Scratch) -> Outcome? {
        let size = item.uncompressedSize
        let output = keep ? UnsafeMutableRawBufferPointer.allocate(byteCount: Int(size), alignment: 16) : scratch.wholeOutput(Int(size))
        guard scratch.whole.inflateExactly(input, into: output),
              !item.checksCRC || WholeDeflate.crc32(0, UnsafeRawBufferPointer(output)) == item.crc, let base = output.baseAddress else {
            if keep { output.deallocate() }
            return nil
        }
        let data = keep ? Data(bytesNoCopy: base, count: Int(size), deallocator: .custom { pointer, _ in pointer.deallocate() }) : nil
        return Outcome(produced: size, data: data, failure: nil)
    }
}

/// The state of one entry being inflated.
private struct Run {
    let item: ZipCatalog.Item
    let limits: ArchiveLimits
    let archive: String
    var produced: Int64 = 0
    var consumed: Int64 = 0
    var crc: UInt = 0
    var failure: ArchiveError?
    /// Where kept bytes go: exactly the declared size (more is a size mismatch, counted but not kept).
    private var kept: UnsafeMutableRawBufferPointer?
    /// Output stops at this many bytes: one past the first cap.
    private let stopAt: Int64

    init(item: ZipCatalog.Item, limits: ArchiveLimits, keep: Bool, archive: String) {
        self.item = item
        self.limits = limits
        self.archive = archive
        let ratioCap = max(limits.compressionRatioFloor, Int64(min(Double(Int64.max / 2), limits.maxCompressionRatio * Double(item.compressedSize))))
        stopAt = min(limits.maxEntryBytes, limits.maxTotalBytes, ratioCap) + 1
        if keep, item.uncompressedSize > 0 {
            kept = .allocate(byteCount: Int(min(item.uncompressedSize, stopAt)), alignment: 16)
        }
    }

    /// Where the next output goes and how much of it: into `kept` while it has room, else `scratch`.
    func window(_ scratch: UnsafeMutableRawBufferPointer) -> UnsafeMutableRawBufferPointer {
        let allowed = Int(clamping: stopAt - produced)
        if let kept, produced < Int64(kept.count) {
            let start = Int(produced)
            return UnsafeMutableRawBufferPointer(rebasing: kept[start..<(start + min(kept.count - start, allowed))])
        }
        return UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, allowed)])
    }

    /// Counts `count` bytes just written at `start`, checksums them and applies the caps.
    mutating func produced(_ start: UnsafeMutableRawPointer, _ count: Int) {
        guard count > 0 else { return }
        crc = UInt(WholeDeflate.crc32(UInt32(truncatingIfNeeded: crc), UnsafeRawBufferPointer(start: start, count: count)))
        produced += Int64(count)
        if produced > limits.maxEntryBytes {
            fail(.entryTooLarge, "more than \(limits.maxEntryBytes) bytes uncompressed (declared \(item.uncompressedSize))")
        } else if produced > limits.maxTotalBytes {
            fail(.totalTooLarge, "archive produced more than \(limits.maxTotalBytes) bytes uncompressed")
        } else if produced > limits.compressionRatioFloor, Double(produced) > limits.maxCompressionRatio * Double(item.compressedSize) {
            fail(.compressionRatio, "\(produced) bytes out of \(item.compressedSize) compressed, ratio above \(limits.maxCompressionRatio)")
        }
    }

    mutating func fail(_ rule: ArchiveError.Rule, _ detail: String) {
        if failure == nil { failure = ArchiveError(archive: archive, entry: item.entry.rawPath, rule: rule, detail: detail) }
    }

    /// Reads the next compressed chunk into `scratch.input`; nil (and a failure) when it cannot be read.
    mutating func nextInput(_ source: ArchiveSource, _ scratch: ZipEntryInflater.Scratch) -> UnsafeMutableRawBufferPointer? {
        let count = Int(min(Int64(scratch.input.count), item.compressedSize - consumed))
        let chunk = UnsafeMutableRawBufferPointer(rebasing: scratch.input[..<count])
        guard source.read(into: chunk, at: item.dataOffset + consumed) else {
            fail(.truncated, "cannot read \(count) bytes of compressed data at offset \(item.dataOffset + consumed)")
            return nil
        }
        consumed += Int64(count)
        return chunk
    }

    mutating func copyStored(_ source: ArchiveSource, _ scratch: ZipEntryInflater.Scratch) {
        while failure == nil, consumed < item.compressedSize {
            let target = window(scratch.output)
            let count = Int(min(Int64(min(target.count, scratch.input.count)), item.compressedSize - consumed))
            guard count > 0, let base = target.baseAddress else { return }
            let chunk = UnsafeMutableRawBufferPointer(rebasing: target[..<count])
            guard source.read(into: chunk, at: item.dataOffset + consumed) else {
                fail(.truncated, "cannot read \(count) bytes of stored data at offset \(item.dataOffset + consumed)")
                return
            }
            consumed += Int64(count)
            produced(base, count)
        }
    }

    mutating func inflateDeflate(_ source: ArchiveSource, _ scratch: ZipEntryInflater.Scratch) {
        guard item.compressedSize > 0 else { return }  // no data at all: an empty file (checked in the catalog)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            fail(.unreadable, "zlib could not start inflating")
            return
        }
        defer { inflateEnd(&stream) }
        while failure == nil {
            if stream.avail_in == 0, consumed < item.compressedSize {
                guard let chunk = nextInput(source, scratch), let base = chunk.baseAddress else { return }
                stream.next_in = base.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(chunk.count)
            }
            let target = window(scratch.output)
            guard let out = target.baseAddress, !target.isEmpty else { return }
            stream.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(target.count)
            let code = CZlib.inflate(&stream, Z_NO_FLUSH)
            produced(out, target.count - Int(stream.avail_out))
            switch code {
            case Z_STREAM_END:
                consumed -= Int64(stream.avail_in)  // bytes after the stream's end were read but are not its own
                return
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && consumed == item.compressedSize:
                fail(.truncated, "compressed data (\(item.compressedSize) bytes) ends before the deflate stream does")
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "code \(code)"
                fail(.unreadable, "ZIP decompression failed: \(message)")
            }
        }
    }

    /// At the end of the data: sizes then CRC, in libarchive's order and with its rules.
    mutating func finalCheck() {
        if item.method == 8, consumed != item.compressedSize {
            fail(.unreadable, "ZIP compressed data is wrong size (read \(consumed), expected \(item.compressedSize))")
        } else if produced != item.uncompressedSize {
            fail(.unreadable, "ZIP uncompressed data is wrong size (read \(produced), expected \(item.uncompressedSize))")
        } else if item.checksCRC, UInt32(truncatingIfNeeded: crc) != item.crc {
            fail(.badChecksum, "ZIP bad CRC: 0x\(String(crc, radix: 16)) should be 0x\(String(item.crc, radix: 16))")
        }
    }

    /// The kept bytes as `Data` (which then owns them).
    mutating func takeData() -> Data {
        guard let kept, let base = kept.baseAddress else { return Data() }
        self.kept = nil
        return Data(bytesNoCopy: base, count: Int(produced), deallocator: .custom { pointer, _ in pointer.deallocate() })
    }

    mutating func discard() {
        kept?.deallocate()
        kept = nil
    }
}
