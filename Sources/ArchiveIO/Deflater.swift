import CZlib
import Foundation

/// Raw deflate (RFC 1951, no zlib or gzip wrapper: what a zip entry holds) through the system zlib, for
/// entries streamed in chunks (whole entries go through libdeflate, `WholeDeflate`).
///
/// One instance compresses one entry, on whichever thread owns it; zlib streams are independent, so
/// entries compress on every core at once. Output depends only on the input bytes and the level.
final class Deflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var initialized = false

    /// A raw-deflate stream at `level` (1…9), zlib's default memory level and strategy.
    init(level: Int) throws(DeflateFailure) {
        stream.initialize(to: z_stream())
        // deflateInit2 is a macro; -15 window bits: raw deflate with the full 32 KiB window.
        let status = deflateInit2_(stream, Int32(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DeflateFailure(status: status) }
        initialized = true
    }

    deinit {
        if initialized { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input` (all of it, or the rest of the entry when `finish`), handing output to `sink`
    /// in pieces of at most `scratch.count` bytes.
    func compress(
        _ input: UnsafeRawBufferPointer, finish: Bool, scratch: UnsafeMutableRawBufferPointer,
        sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var remaining = input
        repeat {
            // avail_in is 32-bit: feed at most 1 GiB at a time.
            let piece = UnsafeRawBufferPointer(rebasing: remaining.prefix(1 << 30))
            remaining = UnsafeRawBufferPointer(rebasing: remaining.dropFirst(piece.count))
            let last = finish && remaining.isEmpty
            stream.pointee.next_in = UnsafeMutablePointer(mutating: piece.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(piece.count)
            while true {
                stream.pointee.next_out = scratch.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(scratch.count)
                let status = deflate(stream, last ? Z_FINISH : Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw DeflateFailure(status: status)
                }
                let produced = scratch.count - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: scratch.prefix(produced))) }
                if status == Z_STREAM_END { break }
                // Without Z_FINISH, zlib is done with this piece once it has input left over for nothing.
                if !last && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { break }
            }
        } while !remaining.isEmpty
    }
}

/// zlib refused: its status code and message.
struct DeflateFailure: Error, Equatable {
    var status: Int32

    var message: String {
        switch status {
        case Z_MEM_ERROR: "zlib ran out of memory"
        case Z_STREAM_ERROR: "zlib stream error (invalid level or state)"
        case Z_VERSION_ERROR: "zlib version mismatch"
        case Z_BUF_ERROR: "zlib made no progress (output buffer too small)"
        default: "zlib error \(status)"
        }
    }
}
