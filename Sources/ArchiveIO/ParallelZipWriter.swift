import Foundation

/// Writes recorded entries as a zip, our own encoder (`ZipRecords`): whole entries deflated by
/// libdeflate, chunked ones by zlib; with a password every file entry is WinZip AES-256 encrypted
/// (`WinZipAESSealer`), whole entries on the workers too.
///
/// Whole entries (`add(_:data:)`, `add(_:produce:)`) are produced, CRC'd and deflated on worker threads,
/// at most `window` of them between "started" and "written" at once; they are written strictly in the
/// order added, so the bytes do not depend on the thread count. Chunked entries are pulled and deflated
/// on the calling thread (their closures are not `Sendable`) while workers go on with later entries.
/// Local headers carry the CRC and sizes (patched in place after a chunked entry's data), no data
/// descriptors; ZIP64 fields appear only where a size, offset or count needs them, or for a chunked
/// entry of unknown (or ≥ 4 GiB) size, whose local header always carries both 64-bit sizes.
final class ParallelZipWriter {
    private let archive: String
    private let output: ZipOutput
    private let stamp: DOSTimestamp
    private let workers: Int
    private let window: Int
    private let onWritten: ((ArchiveWriteSummary.Entry) -> Void)?
    private let password: String?
    private var directory: [ZipRecords.Entry] = []
    /// The most whole entries ever started and not yet written (never more than `window`).
    private(set) var peakInFlight = 0

    /// `workers` 0 runs every job on the calling thread, just before it is written (no threads).
    init(archive: String, output: ZipOutput, stamp: DOSTimestamp, workers: Int, window: Int, password: String? = nil,
         onWritten: ((ArchiveWriteSummary.Entry) -> Void)? = nil) {
        self.password = password
        self.archive = archive
        self.output = output
        self.stamp = stamp
        self.workers = max(0, workers)
        self.window = max(1, window)
        self.onWritten = onWritten
    }

    /// Writes `entries` in order, then the central directory; returns each entry's uncompressed size.
    ///
    /// Throws `ArchiveWriteError`, or the first error (in entry order) a producer threw.
    func write(_ entries: [PendingEntry]) throws -> [Int64] {
        let pool = workers > 0 ? OrderedWorkers<PreparedResult>(threads: workers) : nil
        defer { pool?.shutdown() }
        var sizes: [Int64] = []
        sizes.reserveCapacity(entries.count)
        var nextToStart = 0
        var inFlight = 0
        for (index, entry) in entries.enumerated() {
            if Task.isCancelled { throw failure(.cancelled, entry.path) }
            if let pool {
                while nextToStart < entries.count && inFlight < window {
                    if let produce = entries[nextToStart].wholeProducer {
                        pool.submit(nextToStart, job(entries[nextToStart], produce))
                        inFlight += 1
                        peakInFlight = max(peakInFlight, inFlight)
                    }
                    nextToStart += 1
                }
            }
            let size: Int64
            switch entry.content {
            case .directory:
                size = 0
                try writeWhole(entry, PreparedEntry(crc: 0, size: 0, body: Data(), method: 0))
            case .stream:
                size = try writeStreamed(entry)
            case .deflated(let stream):
                size = stream.size
                try writeWhole(entry, try sealedIfNeeded(PreparedEntry(crc: stream.crc, size: stream.size, body: stream.bytes, method: 8), entry.path))
            case .data, .produced:
                let whole = try prepared(index, entry, pool: pool)
                if pool != nil { inFlight -= 1 }
                size = whole.size
                try writeWhole(entry, whole)
            }
            sizes.append(size)
            onWritten?(ArchiveWriteSummary.Entry(path: entry.path, isDirectory: entry.isDirectory, size: size))
        }
        try writeDirectory()
        return sizes
    }

    /// Whole entry `index`: its worker's result, or (without workers) the job run here and now.
    private func prepared(_ index: Int, _ entry: PendingEntry, pool: OrderedWorkers<PreparedResult>?) throws -> PreparedEntry {
        if let pool {
            guard let result = pool.take(index, shouldStop: { Task.isCancelled }) else { throw failure(.cancelled, entry.path) }
            return try result.get()
        }
        peakInFlight = 1
        guard let produce = entry.wholeProducer else { throw failure(.library("not a whole entry"), entry.path) }
        return try job(entry, produce)().get()
    }

    /// The worker job for a whole entry: produce, check the size, CRC, deflate.
    private func job(_ entry: PendingEntry, _ produce: @escaping @Sendable () throws -> Data) -> @Sendable () -> PreparedResult {
        let (archive, path, declared, compression, password) = (archive, entry.path, entry.declaredSize, entry.compression, password)
        return {
            do {
                let data = try produce()
                if let declared, declared != Int64(data.count) {
                    throw ArchiveWriteError(archive: archive, entry: path,
                                            reason: .sizeMismatch(declared: declared, produced: Int64(data.count)))
                }
                var prepared: PreparedEntry
                switch compression {
                case .store:
                    prepared = PreparedEntry(crc: WholeDeflate.crc32(data), size: Int64(data.count), body: data, method: 0)
                case .deflate(let level):
                    let body: Data
                    do { body = try WholeDeflate.deflated(data, level: level) } catch let failure as WholeDeflateFailure {
                        throw ArchiveWriteError(archive: archive, entry: path, reason: .library(failure.message))
                    }
                    prepared = PreparedEntry(crc: WholeDeflate.crc32(data), size: Int64(data.count), body: body, method: 8)
                }
                if let password {
                    do { prepared.body = try WinZipAESSealer.sealed(prepared.body, password: password) } catch let failure as WinZipAESFailure {
                        throw ArchiveWriteError(archive: archive, entry: path, reason: .library(failure.message))
                    }
                    prepared.encrypted = true
                }
                return .success(prepared)
            } catch {
                return .failure(error)
            }
        }
    }

    /// `prepared`, WinZip AES-sealed here when the archive has a password.
    private func sealedIfNeeded(_ prepared: PreparedEntry, _ path: String) throws -> PreparedEntry {
        guard let password else { return prepared }
        var sealed = prepared
        do { sealed.body = try WinZipAESSealer.sealed(prepared.body, password: password) } catch {
            throw failure(.library(error.message), path)
        }
        sealed.encrypted = true
        return sealed
    }

    /// A directory or a prepared whole entry: every field is known before the header is written.
    private func writeWhole(_ entry: PendingEntry, _ prepared: PreparedEntry) throws {
        let compressed = UInt64(prepared.body.count), size = UInt64(prepared.size)
        let record = ZipRecords.Entry(
            name: Array((entry.isDirectory ? entry.path + "/" : entry.path).utf8), isDirectory: entry.isDirectory,
            method: prepared.method, crc: prepared.crc, compressedSize: compressed, uncompressedSize: size,
            localOffset: output.offset, zip64Local: compressed >= ZipRecords.max32 || size >= ZipRecords.max32,
            encrypted: prepared.encrypted)
        try output.write(ZipRecords.localHeader(record, stamp: stamp))
        try output.write(prepared.body)
        directory.append(record)
    }

    /// A chunked entry, pulled and deflated here; its header's CRC and sizes are patched afterwards.
    private func writeStreamed(_ entry: PendingEntry) throws -> Int64 {
        let method: UInt16
        let level: Int?
        switch entry.compression {
        case .store: (method, level) = (0, nil)
        case .deflate(let l): (method, level) = (8, l)
        }
        // Up to 4 GiB less deflate's worst-case growth the 32-bit fields suffice; otherwise (or unknown) ZIP64.
        let declared = entry.declaredSize.map(UInt64.init)
        let fits = declared.map { $0 + $0 / 1000 + 1024 < ZipRecords.max32 } ?? false
        var record = ZipRecords.Entry(name: Array(entry.path.utf8), isDirectory: false, method: method,
                                      localOffset: output.offset, zip64Local: !fits, encrypted: password != nil)
        let headerOffset = output.offset
        try output.write(ZipRecords.localHeader(record, stamp: stamp))
        let dataStart = output.offset
        let pump = EntryPump(archive: archive, entry: entry)
        var crc: UInt32 = 0
        let deflater: Deflater?
        do { deflater = try level.map { l throws(DeflateFailure) in try Deflater(level: l) } } catch {
            throw failure(.library(error.message), entry.path)
        }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { scratch.deallocate() }
        let sealer: WinZipAESSealer?
        do { sealer = try password.map { p throws(WinZipAESFailure) in try WinZipAESSealer(password: p) } } catch {
            throw failure(.library(error.message), entry.path)
        }
        let sink = try streamSink(sealer)
        do {
            while let chunk = try pump.next() {
                try chunk.withUnsafeBytes { raw in
                    crc = WholeDeflate.crc32(crc, raw)
                    if let deflater { try deflater.compress(raw, finish: false, scratch: scratch, sink: sink) } else { try sink(raw) }
                }
            }
            if let deflater { try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, scratch: scratch, sink: sink) }
            if let sealer { try output.write(try sealer.finish()) }
        } catch let zlib as DeflateFailure {
            throw failure(.library(zlib.message), entry.path)
        } catch let aes as WinZipAESFailure {
            throw failure(.library(aes.message), entry.path)
        }
        record.crc = crc
        record.uncompressedSize = UInt64(pump.produced)
        record.compressedSize = output.offset - dataStart
        if !record.zip64Local && (record.compressedSize >= ZipRecords.max32 || record.uncompressedSize >= ZipRecords.max32) {
            throw failure(.library("the entry grew past 4 GiB although its declared size fit 32 bits"), entry.path)
        }
        let patch = ZipRecords.localPatch(record)
        try output.patch(patch.crcAndSizes, at: headerOffset + UInt64(ZipRecords.localCRCOffset))
        if let sizes = patch.zip64Sizes {
            try output.patch(sizes, at: headerOffset + UInt64(ZipRecords.localZip64SizesOffset(nameLength: record.name.count)))
        }
        directory.append(record)
        return pump.produced
    }

    /// Where a streamed entry's stored or deflated bytes go: straight out, or (encrypted) after the salt
    /// and verifier, sealed piece by piece through a buffer of our own.
    private func streamSink(_ sealer: WinZipAESSealer?) throws -> (UnsafeRawBufferPointer) throws -> Void {
        guard let sealer else { return { [output] piece in try output.write(piece) } }
        try output.write(sealer.prefix)
        let buffer = SealBuffer()
        return { [output] piece in
            var rest = piece
            while !rest.isEmpty {
                let part = UnsafeMutableRawBufferPointer(rebasing: buffer.bytes[..<min(rest.count, buffer.bytes.count)])
                part.copyMemory(from: UnsafeRawBufferPointer(rebasing: rest[..<part.count]))
                try sealer.seal(part)
                try output.write(UnsafeRawBufferPointer(part))
                rest = UnsafeRawBufferPointer(rebasing: rest[part.count...])
            }
        }
    }

    private func writeDirectory() throws {
        let start = output.offset
        for record in directory { try output.write(ZipRecords.centralHeader(record, stamp: stamp)) }
        let end = ZipRecords.end(entries: UInt64(directory.count), directoryOffset: start, directorySize: output.offset - start)
        try output.write(end)
        try output.flush()
    }

    private func failure(_ reason: ArchiveWriteError.Reason, _ entry: String?) -> ArchiveWriteError {
        ArchiveWriteError(archive: archive, entry: entry, reason: reason)
    }
}

/// A whole entry ready to write: CRC and size of the original bytes, and the bytes as stored.
struct PreparedEntry: Sendable {
    var crc: UInt32
    var size: Int64
    var body: Data
    /// 0 stored, 8 deflated.
    var method: UInt16
    /// `body` is WinZip AES-sealed.
    var encrypted = false
}

/// The buffer a streamed encrypted entry's pieces are sealed in (freed with the entry's sink).
private final class SealBuffer {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
    deinit { bytes.deallocate() }
}

typealias PreparedResult = Result<PreparedEntry, any Error>
