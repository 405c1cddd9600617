/// What a zip's central directory and local headers say, read before libarchive streams the data.
///
/// libarchive does not expose per-entry compressed sizes, does not notice entries whose bytes
/// overlap (the overlapping-entry bomb reuses one compressed stream for hundreds of entries) and reads
/// the local header's method through an 8-bit cast (so method 0x0900 silently becomes "stored").
/// This pre-flight supplies those three facts, and notices a zip cut short (no end record), which
/// libarchive would otherwise read "successfully" from its local headers. Records it cannot parse
/// are simply absent: libarchive's own checks and the streaming limits still apply to those entries.
///
/// It also finds the CRC of entries whose central directory records none: a writer that sets
/// general-purpose flag bit 3 puts the CRC and sizes in a data descriptor after the data, and some
/// (ZIPFoundation's streaming writer among them) leave the central directory's CRC at 0. libarchive
/// checks the data against that 0 and warns "ZIP bad CRC"; the reader checks it against the
/// descriptor's CRC instead (see `DataDescriptor`).
struct ZipDirectory {
    struct Record {
        var name: String
        var compressedSize: Int64
        var localOffset: Int64
        /// Where the compressed data ends, when the local header could be read.
        var dataEnd: Int64?
        /// The data descriptor the entry's data must match instead of the central directory's CRC
        /// (flag bit 3 set, central directory CRC 0); nil for every other entry.
        var descriptor: DataDescriptor?
        var problems: [(rule: ArchiveError.Rule, detail: String)] = []
        /// Set when the central directory gives no compressed bytes but a size or a CRC: libarchive then
        /// delivers no data and checks neither. A problem only for a regular file (some writers give
        /// folders a size), which `ArchivePass` decides once libarchive has said what the entry is.
        var missingData: (rule: ArchiveError.Rule, detail: String)?
    }

    /// A data descriptor that agrees with the central directory on both sizes.
    struct DataDescriptor: Equatable {
        var crc: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
    }

    /// The entry count the directory declares.
    private(set) var declaredCount: Int64 = 0
    /// Records by lookup key, each list in local-header order (the order libarchive visits them).
    private var records: [String: [Record]] = [:]

    /// Methods libarchive 3.6 can decode (stored, deflate, bzip2, lzma, zstd, xz, ppmd, WinZip AES).
    static let knownMethods: Set<UInt16> = [0, 8, 12, 14, 93, 95, 98, 99]
    /// A central directory beyond this size is not pre-flighted (no legitimate archive needs it).
    static let maxDirectoryBytes = 64 << 20

    /// The record for the next entry libarchive reports under `name`, if the directory has one.
    mutating func take(name: String) -> Record? {
        let key = Self.key(name)
        guard var list = records[key], !list.isEmpty else { return nil }
        let first = list.removeFirst()
        records[key] = list
        return first
    }

    /// libarchive turns '\' into '/' in zip names; compare names the same way.
    private static func key(_ name: String) -> String {
        String(name.map { $0 == "\\" ? "/" : $0 })
    }

    /// What looking for the directory found.
    enum Lookup {
        case found(ZipDirectory)
        /// No end record, or a directory reaching past the end of the file: the zip was cut short
        /// (libarchive would fall back to reading local headers and accept what is left).
        case truncated(String)
        /// A directory we do not pre-flight (over `maxDirectoryBytes`); libarchive still reads it.
        case skipped
    }

    /// Reads the directory of `source`. When it declares more than `maxEntries` entries only
    /// `declaredCount` is filled in.
    static func read(from source: ArchiveSource, maxEntries: Int) -> Lookup {
        guard let end = findEnd(in: source) else { return .truncated("no end of central directory record") }
        var directory = ZipDirectory()
        directory.declaredCount = end.count
        if end.count > Int64(maxEntries) { return .found(directory) }
        guard end.offset <= source.size - end.size else {
            return .truncated("central directory (\(end.size) bytes at \(end.offset)) runs past the end of the file (\(source.size) bytes)")
        }
        guard end.size <= Int64(maxDirectoryBytes), let bytes = source.bytes(at: end.offset, count: Int(end.size)) else { return .skipped }

        var list: [Record] = []
        var position = 0
        while Int64(list.count) < end.count, let record = parseRecord(bytes, at: &position, source: source) {
            list.append(record)
        }
        markOverlaps(&list)
        for record in list.sorted(by: { $0.localOffset < $1.localOffset }) {
            directory.records[key(record.name), default: []].append(record)
        }
        return .found(directory)
    }

    /// The end record's facts: entry count, directory size and offset.
    struct End { var count: Int64; var size: Int64; var offset: Int64 }

    /// Finds the end-of-central-directory record (and its ZIP64 twin when fields overflow).
    static func findEnd(in source: ArchiveSource) -> End? {
        let tailLength = Int(min(source.size, 22 + 0xFFFF))
        guard tailLength >= 22, let tail = source.bytes(at: source.size - Int64(tailLength), count: tailLength) else { return nil }
        var found: Int?
        var index = tailLength - 22
        while index >= 0 {
            if tail.u32(index) == 0x0605_4b50 {
                if found == nil { found = index }
                // Prefer the record whose comment ends exactly at the end of the file.
                if let comment = tail.u16(index + 20), index + 22 + Int(comment) == tailLength { found = index; break }
            }
            index -= 1
        }
        guard let at = found, let count = tail.u16(at + 10), let size = tail.u32(at + 12), let offset = tail.u32(at + 16)
        else { return nil }
        var end = End(count: Int64(count), size: Int64(size), offset: Int64(offset))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let eocdOffset = source.size - Int64(tailLength) + Int64(at)
            guard let locator = source.bytes(at: eocdOffset - 20, count: 20), locator.u32(0) == 0x0706_4b50,
                  let zip64At = locator.u64(8), zip64At <= UInt64(Int64.max),
                  let record = source.bytes(at: Int64(zip64At), count: 56), record.u32(0) == 0x0606_4b50,
                  let count64 = record.u64(32), let size64 = record.u64(40), let offset64 = record.u64(48),
                  count64 <= UInt64(Int64.max), size64 <= UInt64(Int64.max), offset64 <= UInt64(Int64.max)
            else { return nil }
            end = End(count: Int64(count64), size: Int64(size64), offset: Int64(offset64))
        }
        return end
    }

    /// Parses one central directory record at `position` and checks its local header.
    private static func parseRecord(_ bytes: [UInt8], at position: inout Int, source: ArchiveSource) -> Record? {
        guard let raw = ZipCentralRecord.parse(bytes, at: &position) else { return nil }
        let name = String(decoding: bytes[raw.name], as: UTF8.self)
        let flags = raw.flags, method = raw.method, crc = raw.crc
        // A ZIP64 value that is missing keeps its 32-bit field, as libarchive does.
        let sizes = raw.sizes(in: bytes)
        let compressed = sizes.compressed, uncompressed = sizes.uncompressed, offset = sizes.offset

        var record = Record(name: name, compressedSize: compressed, localOffset: offset)
        if compressed == 0 {
            // What libarchive would say had it read the (absent) data: the size first, then the CRC.
            if uncompressed > 0 {
                record.missingData = (.unreadable, "central directory gives \(uncompressed) bytes uncompressed from 0 compressed bytes")
            } else if crc != 0 {
                record.missingData = (.badChecksum, "central directory gives CRC 0x\(String(crc, radix: 16)) for no data (CRC 0x0)")
            }
        }
        if !knownMethods.contains(method) {
            record.problems.append((.unsupportedCompression, "central directory gives compression method \(method)"))
        }
        if let local = source.bytes(at: offset, count: 30), local.u32(0) == 0x0403_4b50, let localMethod = local.u16(8),
           let localNameLength = local.u16(26), let localExtraLength = local.u16(28)
        {
            if localMethod != method, !knownMethods.contains(localMethod) {
                record.problems.append((.unsupportedCompression,
                                        "local header gives compression method \(localMethod) (central directory: \(method))"))
            }
            let dataStart = offset + 30 + Int64(localNameLength) + Int64(localExtraLength)
            let (end, overflow) = dataStart.addingReportingOverflow(compressed)
            record.dataEnd = overflow ? nil : end
            // Flag bit 3 with no CRC in the central directory: the CRC is in the data descriptor. AES
            // entries (method 99) are left alone: AE-2 stores no CRC at all, its MAC checks the data.
            // With a compressed size of 0 there is no data to check (libarchive reads none): a file
            // declaring a size is refused through `missingData` instead.
            if flags & 0x0008 != 0, crc == 0, method != 99, compressed > 0, let end = record.dataEnd,
               let localExtra = source.bytes(at: offset + 30 + Int64(localNameLength), count: Int(localExtraLength))
            {
                record.descriptor = dataDescriptor(in: source, at: end, zip64: hasZip64Field(localExtra),
                                                   compressed: compressed, uncompressed: uncompressed)
            }
        }
        return record
    }

    /// The data descriptor at `position` (right after the compressed data), when it agrees with the
    /// central directory's sizes.
    ///
    /// A descriptor is CRC-32, compressed size, uncompressed size, optionally preceded by the
    /// signature 0x08074b50; the sizes take 8 bytes when the local header has a ZIP64 field, else 4.
    /// As the signature is optional (and a CRC may equal it), the bytes are read both with and
    /// without it, and a reading counts only when both its sizes equal the central directory's.
    /// Readings that count but disagree on the CRC are ambiguous: no descriptor.
    static func dataDescriptor(in source: ArchiveSource, at position: Int64, zip64: Bool,
                               compressed: Int64, uncompressed: Int64) -> DataDescriptor?
    {
        guard position >= 0, position < source.size else { return nil }
        let sizeWidth = zip64 ? 8 : 4
        let count = Int(min(Int64(8 + 2 * sizeWidth), source.size - position))
        guard let bytes = source.bytes(at: position, count: count) else { return nil }
        func size(_ at: Int) -> Int64? {
            if zip64 { return bytes.u64(at).flatMap { $0 <= UInt64(Int64.max) ? Int64($0) : nil } }
            return bytes.u32(at).map(Int64.init)
        }
        func reading(at start: Int) -> DataDescriptor? {
            guard let crc = bytes.u32(start), let compressedSize = size(start + 4), let uncompressedSize = size(start + 4 + sizeWidth),
                  compressedSize == compressed, uncompressedSize == uncompressed
            else { return nil }
            return DataDescriptor(crc: crc, compressedSize: compressedSize, uncompressedSize: uncompressedSize)
        }
        var readings = [reading(at: 0)]
        if bytes.u32(0) == 0x0807_4b50 { readings.append(reading(at: 4)) }
        let agreeing = readings.compactMap { $0 }
        guard let first = agreeing.first, agreeing.allSatisfy({ $0.crc == first.crc }) else { return nil }
        return first
    }

    /// Whether a (local header's) extra field holds a ZIP64 record (id 0x0001).
    static func hasZip64Field(_ extra: [UInt8]) -> Bool {
        var field = 0
        while let id = extra.u16(field), let length = extra.u16(field + 2) {
            if id == 0x0001 { return true }
            field += 4 + Int(length)
        }
        return false
    }

    /// Flags every pair of entries whose [local header, end of data) ranges overlap.
    private static func markOverlaps(_ list: inout [Record]) {
        let order = list.indices.sorted { list[$0].localOffset < list[$1].localOffset }
        var reach: (end: Int64, index: Int)?
        for index in order {
            let record = list[index]
            if let (end, owner) = reach, record.localOffset < end {
                let detail = "'\(list[owner].name)' (bytes \(list[owner].localOffset)..<\(end)) and "
                    + "'\(record.name)' (from byte \(record.localOffset)) share bytes"
                list[owner].problems.append((.overlappingEntries, detail))
                list[index].problems.append((.overlappingEntries, detail))
            }
            guard let end = record.dataEnd else { continue }
            if reach == nil || end > reach?.end ?? 0 { reach = (end, index) }
        }
        // One problem per entry is enough, however many neighbours it overlaps.
        for index in list.indices {
            var seen = false
            list[index].problems.removeAll { problem in
                guard problem.rule == .overlappingEntries else { return false }
                defer { seen = true }
                return seen
            }
        }
    }
}

extension [UInt8] {
    /// Little-endian readers that return nil instead of trapping past the end.
    func u16(_ at: Int) -> UInt16? {
        guard at >= 0, at + 2 <= count else { return nil }
        return UInt16(self[at]) | UInt16(self[at + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32? {
        guard let low = u16(at), let high = u16(at + 2) else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    func u64(_ at: Int) -> UInt64? {
        guard let low = u32(at), let high = u32(at + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }
}
