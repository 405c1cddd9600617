import CZlib

/// libarchive (3.6.2) never checks a gzip member's trailer — its gzip filter reads the CRC-32 and length
/// and drops them ("XXX TODO: Verify the length and CRC") — and a tar reader stops at the tar end marker
/// before the trailer anyway. So a bit flip inside a tar.gz can decompress to silently wrong bytes. A
/// complete pass over a gzip source therefore inflates the file once more with zlib, which checks every
/// member's CRC-32 and ISIZE; the output is discarded (constant memory, one extra inflate of the file).
enum GzipTrailerCheck {
    static let chunk = 256 * 1024

    /// Whether `source` starts with a gzip member (the magic the nested-compression guard also reads).
    static func applies(to source: ArchiveSource) -> Bool {
        source.bytes(at: 0, count: 3) == [0x1F, 0x8B, 0x08]
    }

    /// Nil when every gzip member of `source` inflates and matches its trailer; else why not. Bytes after
    /// the last member that do not start another member are left alone (as libarchive and gzip(1) do).
    static func failure(of source: ArchiveSource) -> String? {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper, so zlib checks the trailer itself.
        guard inflateInit2_(&stream, MAX_WBITS + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return "zlib could not start inflating"
        }
        defer { inflateEnd(&stream) }
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { input.deallocate(); output.deallocate() }
        guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return "no buffer" }
        var offset: Int64 = 0  // file bytes handed to zlib so far
        var member = 1
        while true {
            if stream.avail_in == 0 {
                let count = Int(min(Int64(chunk), source.size - offset))
                guard count > 0 else { return "gzip member \(member) ends before its trailer (CRC-32 and length)" }
                guard source.read(into: UnsafeMutableRawBufferPointer(rebasing: input[0..<count]), at: offset) else {
                    return "cannot read \(count) bytes at offset \(offset)"
                }
                offset += Int64(count)
                stream.next_in = inBase.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            stream.next_out = outBase.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(chunk)
            let code = CZlib.inflate(&stream, Z_NO_FLUSH)
            switch code {
            case Z_STREAM_END:
                let next = offset - Int64(stream.avail_in)  // where the member after this one would start
                guard next < source.size, source.bytes(at: next, count: 3) == [0x1F, 0x8B, 0x08] else { return nil }
                guard inflateReset(&stream) == Z_OK else { return "zlib could not restart after member \(member)" }
                member += 1
            case Z_OK, Z_BUF_ERROR:
                continue
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib code \(code)"
                return "gzip member \(member): \(message)"
            }
        }
    }
}
