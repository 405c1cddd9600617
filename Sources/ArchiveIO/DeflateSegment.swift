import CZlib
import Foundation

/// A raw deflate stream with the CRC-32 and size of the bytes it inflates to: a zip entry's data,
/// ready to be stored (`InMemoryZip.add(_:deflated:)`).
public struct DeflatedStream: Sendable, Hashable {
    public var bytes: Data
    public var crc: UInt32
    public var size: Int64

    /// `segments` then `last`, as one standard deflate stream of their bytes in that order.
    ///
    /// Throws `ArchiveWriteError` naming `archive` and `entry` if libdeflate cannot compress `last`.
    public static func joining(_ segments: [DeflateSegment], last: Data, level: Int, archive: String, entry: String)
        throws(ArchiveWriteError) -> DeflatedStream {
        let tail: Data
        do { tail = try WholeDeflate.deflated(last, level: level) } catch {
            throw ArchiveWriteError(archive: archive, entry: entry, reason: .library(error.message))
        }
        var bytes = Data(capacity: segments.reduce(tail.count) { $0 + $1.bytes.count })
        var crc: UInt32 = 0
        var size: Int64 = 0
        for segment in segments {
            bytes.append(segment.bytes)
            crc = DeflateSegment.combine(crc, segment.crc, length: segment.size)
            size += segment.size
        }
        bytes.append(tail)
        crc = DeflateSegment.combine(crc, WholeDeflate.crc32(last), length: Int64(last.count))
        return DeflatedStream(bytes: bytes, crc: crc, size: size + Int64(last.count))
    }
}

/// Bytes deflated on their own so that more deflate data may follow them: libdeflate's whole-buffer
/// stream with its final-block flag cleared and its last bits padded to a byte boundary by an empty
/// stored block (zlib's gzjoin technique). A piece that many streams share (a crown mesh in every
/// stage's 3MF) is deflated once and joined into each; no segment refers back into another, so the
/// joined stream is standard deflate that any inflater reads, and its bytes depend only on the pieces.
public struct DeflateSegment: Sendable, Hashable {
    /// Non-final deflate blocks ending on a byte boundary.
    public let bytes: Data
    /// CRC-32 and size of the bytes they inflate to.
    public let crc: UInt32
    public let size: Int64

    /// Deflates `data` at `level` (1…9) into an open segment.
    ///
    /// Throws `ArchiveWriteError` naming `archive` and `entry` if libdeflate or zlib fails (out of memory).
    public init(_ data: Data, level: Int, archive: String, entry: String) throws(ArchiveWriteError) {
        var stream: [UInt8]
        do { stream = [UInt8](try WholeDeflate.deflated(data, level: level)) } catch {
            throw ArchiveWriteError(archive: archive, entry: entry, reason: .library(error.message))
        }
        guard let end = Self.open(&stream, expecting: data.count) else {
            throw ArchiveWriteError(archive: archive, entry: entry,
                                    reason: .library("libdeflate's stream for a \(data.count)-byte segment could not be opened for joining"))
        }
        stream.append(contentsOf: end)
        bytes = Data(stream)
        crc = WholeDeflate.crc32(data)
        size = Int64(data.count)
    }

    /// zlib's CRC-32 of A then B, from A's and B's CRCs and B's length.
    static func combine(_ a: UInt32, _ b: UInt32, length: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_combine(UInt(a), UInt(b), Int(length)))
    }

    /// Walks `stream` block by block (zlib's `inflate` with `Z_BLOCK`), clears the final block's BFINAL
    /// bit, zeroes the padding after its last bit and returns the bytes that end an empty stored block
    /// there — or nil when the stream is not one complete deflate stream of `expecting` bytes.
    static func open(_ stream: inout [UInt8], expecting: Int) -> [UInt8]? {
        var z = z_stream()
        guard inflateInit2_(&z, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&z) }
        let count = stream.count
        var junk = [UInt8](repeating: 0, count: 1 << 16)
        var inflated = 0
        var header = (byte: 0, mask: UInt8(1))  // the BFINAL bit of the block being decoded
        var endBits = 0
        let finished: Bool = stream.withUnsafeMutableBufferPointer { input in
            guard let base = input.baseAddress, count > 0 else { return false }
            z.next_in = base
            z.avail_in = uInt(count)
            return junk.withUnsafeMutableBufferPointer { out in
                while true {
                    z.next_out = out.baseAddress
                    z.avail_out = uInt(out.count)
                    let code = CZlib.inflate(&z, Z_BLOCK)
                    inflated += out.count - Int(z.avail_out)
                    // Z_BUF_ERROR: no progress in this call (an end-of-block code already in zlib's bit buffer);
                    // Z_STREAM_END cannot come first: the walk stops at the last block's end.
                    guard code == Z_OK || code == Z_BUF_ERROR else { return false }
                    let used = count - Int(z.avail_in)
                    if z.data_type & 128 != 0 {  // just after a block's end-of-block code
                        let unused = Int(z.data_type & 63)
                        guard unused < 8 else { return false }
                        if z.data_type & 64 != 0 {  // that block was the final one
                            endBits = unused
                            return used == count && base[header.byte] & header.mask != 0
                        }
                        if unused > 0 {
                            header = (used - 1, UInt8(truncatingIfNeeded: 0x100 >> unused))
                        } else {
                            guard used < count else { return false }
                            header = (used, 1)
                        }
                    } else if code == Z_BUF_ERROR {
                        return false  // the input ends inside a block
                    }
                }
            }
        }
        guard finished, inflated == expecting else { return nil }
        stream[header.byte] &= ~header.mask
        guard endBits > 0 else { return [] }  // the last block ends on a byte boundary already
        stream[count - 1] &= UInt8(truncatingIfNeeded: (0x100 >> endBits) - 1)
        // An empty stored block: 3 header bits of 0 (in this byte if they fit), padding, LEN 0, NLEN 0xFFFF.
        return (endBits >= 3 ? [] : [0]) + [0x00, 0x00, 0xFF, 0xFF]
    }
}
