import CArchive

/// A 7z header is judged before libarchive reads it (the same policy as `NestedCompressionGuard`):
/// Debian's libarchive 3.6.2 sizes and walks arrays by the counts a header declares, and decodes an
/// encoded (compressed) header of whatever size it declares into memory. Measured on that libarchive
/// (docs/HOSTILE-INPUT.md): 100 000 000 folders declared in a 56-byte file cost 3.5 s; 2 × 100 000 000
/// substreams in 70 bytes, 1 s and 970 MiB; a 1.6 KB bzip2-encoded header that unpacks to 2 GiB,
/// 13 s and 2 GiB. So every count must fit the bytes that describe it and the entry limit, an encoded
/// header must declare at most `maxHeaderBytes` and lie before itself, no coder may ask for a dictionary
/// larger than both 64 MiB and the data it unpacks, and an encoded header is unpacked here (bounded) and
/// weighed like a plain one. Refusals are `implausibleHeader` (or `tooManyEntries`), naming the count.
enum SevenZipHeaderGuard {
    static let signature: [UInt8] = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]
    /// A dictionary up to this size is allowed whatever the data (7-Zip's -mx9 uses 64 MiB).
    static let freeDictionary: UInt64 = 64 << 20

    /// The largest header the limits can need: every entry with a name of the longest path (UTF-16) and
    /// 64 bytes of sizes, times and attributes. 21 MiB for the default limits.
    static func maxHeaderBytes(_ limits: ArchiveLimits) -> UInt64 {
        UInt64(max(1, limits.maxEntries)) * UInt64(2 * max(1, limits.maxPathLength) + 64)
    }

    /// Throws when `source` is a 7z whose header libarchive should not be handed.
    static func check(_ source: ArchiveSource, limits: ArchiveLimits) throws(ArchiveError) {
        guard let start = source.bytes(at: 0, count: 32), start.starts(with: signature) else { return }
        let offset = le64(start, 12), size = le64(start, 20)
        // A header past the end is `truncated` (ArchiveReader); an empty one holds no entries.
        guard size > 0, offset <= UInt64(source.size), size <= UInt64(source.size) - min(offset, UInt64(source.size)),
              UInt64(source.size) - offset - size >= 32, size <= UInt64(Int.max),
              let header = source.bytes(at: Int64(32 + offset), count: Int(size)) else { return }
        func refuse(_ detail: String, rule: ArchiveError.Rule = .implausibleHeader) -> ArchiveError {
            ArchiveError(archive: source.name, rule: rule, detail: "7z header: \(detail)")
        }
        var scanner = SevenZipHeader(header, maxEntries: limits.maxEntries)
        do {
            switch try scanner.byte() {
            case SevenZipHeader.kHeader:
                try scanner.header()
            case SevenZipHeader.kEncodedHeader:
                let streams = try scanner.streams()
                let decoded = try unpack(streams, header: header, source: source, headerOffset: offset, limits: limits, refuse: refuse)
                var inner = SevenZipHeader(decoded, maxEntries: limits.maxEntries)
                guard try inner.byte() == SevenZipHeader.kHeader else {
                    throw refuse("the encoded header does not unpack to a header (another encoded header inside?)")
                }
                try inner.header()
            default:
                return  // libarchive refuses any other first property ("Unexpected Property ID").
            }
        } catch let error as ArchiveError {
            throw error
        } catch let error as SevenZipHeaderError {
            switch error {
            case .malformed(let why): throw refuse(why)
            case .excess(let why, let entryLimit): throw refuse(why, rule: entryLimit ? .tooManyEntries : .implausibleHeader)
            }
        } catch {
            throw refuse(String(describing: error))
        }
    }

    /// The encoded header's bytes, unpacked by libarchive's own decoders from a 7z built here around its
    /// packed stream (a plain header naming one file of the declared size), and read no further than that.
    private static func unpack(_ streams: SevenZipHeader.Streams, header: [UInt8], source: ArchiveSource, headerOffset: UInt64, limits: ArchiveLimits,
                               refuse: (String, ArchiveError.Rule) -> ArchiveError) throws -> [UInt8] {
        let bound = maxHeaderBytes(limits)
        guard streams.folders.count == 1, let folder = streams.folders.first, let unpackInfo = streams.unpackInfo, !streams.hasSubStreams,
              folder.packedStreams == streams.packSizes.count, !streams.packSizes.isEmpty else {
            throw refuse("an encoded header must be one folder with its packed streams (it has \(streams.folders.count) folders, \(streams.packSizes.count) packed streams)", .implausibleHeader)
        }
        let unpacked = folder.unpackSize
        guard unpacked <= bound else {
            throw refuse("the encoded header declares \(unpacked) bytes unpacked; the limits need at most \(bound)", .implausibleHeader)
        }
        try checkDictionaries(streams, refuse: refuse)
        let packed = streams.packSizes.reduce(UInt64(0)) { $0 &+ $1 }
        let (end, overflow) = streams.packPosition.addingReportingOverflow(packed)
        guard !overflow, packed <= 2 * bound + (64 << 10), end <= headerOffset else {
            throw refuse("the encoded header's packed stream (\(packed) bytes at \(streams.packPosition)) does not lie before the header at \(headerOffset)", .implausibleHeader)
        }
        guard let packedBytes = source.bytes(at: Int64(32 + streams.packPosition), count: Int(packed)) else { return [] }
        return decode(packed: packedBytes, sizes: streams.packSizes, unpackInfo: Array(header[unpackInfo]), unpacked: unpacked)
    }

    /// LZMA (5 property bytes, a 32-bit dictionary size) and LZMA2 (one byte) coders whose dictionary is
    /// larger than 64 MiB and than what the folder unpacks: liblzma reserves the whole dictionary up front.
    static func checkDictionaries(_ streams: SevenZipHeader.Streams, refuse: (String, ArchiveError.Rule) -> ArchiveError) throws(ArchiveError) {
        for folder in streams.folders {
            for coder in folder.coders {
                var dictionary: UInt64?
                if coder.method == [0x03, 0x01, 0x01], coder.properties.count >= 5 {
                    dictionary = (1...4).reduce(UInt64(0)) { $0 | UInt64(coder.properties[$1]) << (8 * UInt64($1 - 1)) }
                } else if coder.method == [0x21], let p = coder.properties.first {
                    dictionary = p >= 40 ? 0xFFFF_FFFF : UInt64(2 | (p & 1)) << (UInt64(p) / 2 + 11)
                }
                if let dictionary, dictionary > freeDictionary, dictionary > folder.unpackSize {
                    throw refuse("a coder asks for a \(dictionary)-byte dictionary to unpack \(folder.unpackSize) bytes", .implausibleHeader)
                }
            }
        }
    }

    /// Builds `[start header][packed][kHeader, MainStreamsInfo(PackInfo at 0, the UnPackInfo as given,
    /// SubStreamsInfo), FilesInfo(one file "h")]` and reads that file's data, at most `unpacked` bytes.
    private static func decode(packed: [UInt8], sizes: [UInt64], unpackInfo: [UInt8], unpacked: UInt64) -> [UInt8] {
        typealias H = SevenZipHeader
        var header: [UInt8] = [H.kHeader, H.kMainStreamsInfo, H.kPackInfo, 0] + number(UInt64(sizes.count)) + [H.kSize]
        for size in sizes { header += number(size) }
        header += [H.kEnd] + unpackInfo + [H.kSubStreamsInfo, H.kEnd, H.kEnd]
        let name: [UInt8] = [0, 0x68, 0, 0, 0]  // not external; "h" in UTF-16LE, terminated
        header += [H.kFilesInfo, 1, H.kName] + number(UInt64(name.count)) + name + [H.kEnd, H.kEnd]
        var tail: [UInt8] = []
        append64(&tail, UInt64(packed.count))
        append64(&tail, UInt64(header.count))
        append32(&tail, CRC32.checksum(header))
        var archive = signature + [0, 4]
        append32(&archive, CRC32.checksum(tail))
        archive += tail + packed + header
        return read(archive, limit: Int(unpacked))
    }

    private static func read(_ archive: [UInt8], limit: Int) -> [UInt8] {
        guard let handle = archive_read_new() else { return [] }
        defer { archive_read_free(handle) }
        return archive.withUnsafeBytes { raw -> [UInt8] in
            guard archive_read_support_format_7zip(handle) == ARCHIVE_OK,
                  archive_read_open_memory(handle, raw.baseAddress, raw.count) == ARCHIVE_OK else { return [] }
            var entry: OpaquePointer?
            guard archive_read_next_header(handle, &entry) == ARCHIVE_OK else { return [] }
            var out = [UInt8](repeating: 0, count: limit)
            var filled = 0
            while filled < limit {
                let n = out.withUnsafeMutableBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return archive_read_data(handle, base + filled, limit - filled)
                }
                guard n > 0 else { break }  // the end, or damage: what was unpacked is weighed all the same
                filled += n
            }
            return Array(out.prefix(filled))
        }
    }

    static func number(_ value: UInt64) -> [UInt8] {
        for extra in 0..<8 where value < UInt64(1) << UInt64(8 * extra + 7 - extra) {
            let high = UInt8(truncatingIfNeeded: value >> UInt64(8 * extra))
            let first = UInt8(truncatingIfNeeded: 0xFF << (8 - extra)) | high
            return [first] + (0..<extra).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
        }
        return [0xFF] + (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
    }

    private static func le64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }

    private static func append64(_ out: inout [UInt8], _ value: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) } }
    private static func append32(_ out: inout [UInt8], _ value: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) } }
}
