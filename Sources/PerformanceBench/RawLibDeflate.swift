import CDeflate
import Foundation

/// Whole-buffer raw deflate, inflate and CRC-32 on libdeflate, written independently of ArchiveIO: the
/// second floor, what the fastest deflate library available here needs for the same bytes.
public enum RawLibDeflate {
    /// `input` deflated at `level` (1…9, the same scale as zlib's) in one call.
    public static func compress(_ input: Data, level: Int) throws(ZlibError) -> Data {
        guard (1...9).contains(level) else { throw .invalidLevel(level) }
        guard let compressor = libdeflate_alloc_compressor(Int32(level)) else { throw .status("libdeflate_alloc_compressor", Int32(level)) }
        defer { libdeflate_free_compressor(compressor) }
        var output = Data(count: libdeflate_deflate_compress_bound(compressor, input.count))
        let written = input.withUnsafeBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                libdeflate_deflate_compress(compressor, inBuf.baseAddress, inBuf.count, outBuf.baseAddress, outBuf.count)
            }
        }
        guard written > 0 else { throw .status("libdeflate_deflate_compress", 0) }
        output.count = written
        return output
    }

    /// `compressed` inflated whole into a buffer of `expectedSize` bytes (what a zip reader that knows the
    /// entry's size does) and CRC-32'd; returns the size produced and its CRC.
    public static func inflatedSizeAndCRC(_ compressed: Data, expectedSize: Int) throws(ZlibError) -> (size: Int, crc: UInt32) {
        guard let decompressor = libdeflate_alloc_decompressor() else { throw .status("libdeflate_alloc_decompressor", 0) }
        defer { libdeflate_free_decompressor(decompressor) }
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, expectedSize), alignment: 16)
        defer { output.deallocate() }
        var produced = 0
        let result = compressed.withUnsafeBytes { inBuf in
            libdeflate_deflate_decompress(decompressor, inBuf.baseAddress, inBuf.count, output.baseAddress, expectedSize, &produced)
        }
        guard result == LIBDEFLATE_SUCCESS else { throw .status("libdeflate_deflate_decompress", Int32(result.rawValue)) }
        return (produced, libdeflate_crc32(0, output.baseAddress, produced))
    }
}
