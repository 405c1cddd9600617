import CDeflate
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw deflate and inflate of whole buffers through libdeflate: what an entry held whole in memory
/// uses (produced entries, entries inflated whole, the parts of an in-memory 3MF). Streamed entries,
/// whose bytes never sit in memory at once, keep zlib (`Deflater`).
///
/// The output is standard RFC 1951 deflate that any unzip reads; for a given libdeflate build it depends
/// only on the input and the level, never on the thread that ran it.
enum WholeDeflate {
    /// `data` deflated at `level` (1…9, zlib's scale; libdeflate's 6 is its default, like zlib's).
    static func deflated(_ data: Data, level: Int) throws(WholeDeflateFailure) -> Data {
        guard let compressor = libdeflate_alloc_compressor(Int32(level)) else {
            throw WholeDeflateFailure(message: "libdeflate could not allocate a level-\(level) compressor (out of memory or invalid level)")
        }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_deflate_compress_bound(compressor, data.count)
        // malloc, not a Swift allocation: the unused tail of the bound is handed back with realloc below.
        guard let out = malloc(max(1, bound)) else { throw WholeDeflateFailure(message: "out of memory for \(bound) bytes of deflate output") }
        let written = data.withUnsafeBytes { input in
            libdeflate_deflate_compress(compressor, input.baseAddress, input.count, out, bound)
        }
        guard written > 0 else {
            free(out)
            throw WholeDeflateFailure(message: "libdeflate produced no output within its own bound of \(bound) bytes")
        }
        let trimmed = realloc(out, written) ?? out
        return Data(bytesNoCopy: trimmed, count: written, deallocator: .free)
    }

    /// zip's CRC-32 of `bytes`, continuing `crc` (libdeflate's carry-less-multiply CRC, many GB/s).
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        libdeflate_crc32(crc, bytes.baseAddress, bytes.count)
    }

    /// The CRC-32 of `data`.
    static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { crc32(0, $0) }
    }
}

/// libdeflate could not compress (only out of memory in practice): what went wrong.
struct WholeDeflateFailure: Error, Equatable {
    var message: String
}

/// One worker's libdeflate decompressor (not thread-safe, so one per worker, reused across entries).
final class WholeInflater {
    private let decompressor: OpaquePointer?

    init() { decompressor = libdeflate_alloc_decompressor() }

    deinit { libdeflate_free_decompressor(decompressor) }

    /// Inflates the raw deflate stream `input` into exactly `output`: true only when the stream is valid,
    /// ends exactly at the end of `input` and fills `output` exactly. Anything else is for a slower,
    /// diagnosing path to explain (the contents of `output` are then undefined).
    func inflateExactly(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        guard let decompressor, let inBase = input.baseAddress, let outBase = output.baseAddress else { return false }
        var consumed = 0, produced = 0
        let result = libdeflate_deflate_decompress_ex(decompressor, inBase, input.count, outBase, output.count, &consumed, &produced)
        return result == LIBDEFLATE_SUCCESS && consumed == input.count && produced == output.count
    }
}
