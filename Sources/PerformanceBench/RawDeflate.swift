import CZlib
import Foundation

/// Raw deflate (no zlib or gzip header, as inside a zip entry) and crc32 on the system zlib, written
/// independently of ArchiveIO so the benchmark's floor does not share code with the pipeline it judges.
public enum RawDeflate {
    /// zlib's raw-deflate window (−15: 32 KiB, no header), as zip writers use.
    static let windowBits: Int32 = -15
    /// zlib's default memory level.
    static let memoryLevel: Int32 = 8

    /// `input` deflated at `level` (1…9) in one call.
    public static func compress(_ input: Data, level: Int) throws(ZlibError) -> Data {
        guard (1...9).contains(level) else { throw .invalidLevel(level) }
        guard input.count < Int(UInt32.max) else { throw .tooLarge(input.count) }
        var stream = z_stream()
        let initStatus = deflateInit2_(&stream, Int32(level), Z_DEFLATED, windowBits, memoryLevel, Z_DEFAULT_STRATEGY,
                                       zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw .status("deflateInit2", initStatus) }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = Data(count: bound)
        let status: Int32 = input.withUnsafeBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .status("deflate", status) }
        output.count = Int(stream.total_out)
        return output
    }

    /// `compressed` inflated; it must produce exactly `expectedSize` bytes and end there.
    public static func decompress(_ compressed: Data, expectedSize: Int) throws(ZlibError) -> Data {
        guard compressed.count < Int(UInt32.max), expectedSize < Int(UInt32.max) else { throw .tooLarge(max(compressed.count, expectedSize)) }
        var stream = z_stream()
        let initStatus = inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw .status("inflateInit2", initStatus) }
        defer { inflateEnd(&stream) }
        // One spare byte: a stream longer than promised shows up as output past `expectedSize`.
        var output = Data(count: expectedSize + 1)
        let status: Int32 = compressed.withUnsafeBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outBuf.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .status("inflate", status) }
        guard Int(stream.total_out) == expectedSize else { throw .sizeMismatch(expected: expectedSize, actual: Int(stream.total_out)) }
        output.count = expectedSize
        return output
    }

    /// Inflates `compressed` through a small window, CRC-ing each window while it is in cache, as a
    /// streaming zip reader does; returns the inflated size and its CRC-32, keeping none of the bytes.
    public static func inflatedSizeAndCRC(_ compressed: Data, window: Int = 256 << 10) throws(ZlibError) -> (size: Int, crc: UInt32) {
        guard compressed.count < Int(UInt32.max) else { throw .tooLarge(compressed.count) }
        var stream = z_stream()
        let initStatus = inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw .status("inflateInit2", initStatus) }
        defer { inflateEnd(&stream) }
        let buffer = UnsafeMutablePointer<Bytef>.allocate(capacity: max(1, window))
        defer { buffer.deallocate() }
        var crc: uLong = CZlib.crc32(0, nil, 0)
        var size = 0
        let status: Int32 = compressed.withUnsafeBytes { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(inBuf.count)
            while true {
                stream.next_out = buffer
                stream.avail_out = uInt(max(1, window))
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = max(1, window) - Int(stream.avail_out)
                crc = CZlib.crc32(crc, buffer, uInt(produced))
                size += produced
                // Z_BUF_ERROR with input left means no progress was possible: a truncated stream.
                if status != Z_OK || (produced == 0 && stream.avail_in == 0) { return status }
            }
        }
        guard status == Z_STREAM_END else { throw .status("inflate", status) }
        return (size, UInt32(truncatingIfNeeded: crc))
    }

    /// The CRC-32 (zip's) of `data`.
    public static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { buf -> UInt32 in
            var crc: uLong = CZlib.crc32(0, nil, 0)
            var offset = 0
            // crc32 takes a 32-bit length: feed large buffers in slices.
            while offset < buf.count {
                let n = min(buf.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, buf.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: Bytef.self) }, uInt(n))
                offset += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}

/// A zlib call that failed, or data that did not round-trip.
public enum ZlibError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidLevel(Int)
    case tooLarge(Int)
    case status(String, Int32)
    case sizeMismatch(expected: Int, actual: Int)
    case crcMismatch(entry: String)

    public var description: String {
        switch self {
        case let .invalidLevel(l): "deflate level \(l) is outside 1…9"
        case let .tooLarge(n): "\(n) bytes is more than one zlib call takes (4 GiB)"
        case let .status(call, code): "zlib \(call) failed with status \(code)"
        case let .sizeMismatch(e, a): "inflated \(a) bytes where \(e) were expected"
        case let .crcMismatch(entry): "the CRC-32 of '\(entry)' differs after inflating"
        }
    }
}
