/// What a zip's central directory and local headers say, read before libarchive streams the data.
///
/// libarchive does not expose per-entry compressed sizes, does not notice entries whose bytes
/// overlap (the overlapping-entry bomb reuses one compressed stream for hundreds of entries) and reads
/// the local header's method through an 8-bit cast (so method 0x0900 silently becomes "stored").
/// This pre-flight supplies those three facts, and notices a zip cut short (no end record), which
/// libarchive would otherwise read "successfully" from its local headers. Records it cannot parse
/// are simply absent: libarchive's own checks and the streaming limits still apply to those entries.
struct ZipDirectory {
    struct Record {
        var name: String
        var compressedSize: Int64
        var localOffset: Int64
        /// Where the compressed data ends, when the local header could be read.
        var dataEnd: Int64?
        var problems: [(rule: ArchiveError.Rule, detail: String)] = []
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

    private struct End { var count: Int64; var size: Int64; var offset: Int64 }

    /// Finds the end-of-central-directory record (and its ZIP64 twin when fields overflow).
    private static func findEnd(in source: ArchiveSource) -> End? {
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
        let p = position
        guard bytes.u32(p) == 0x0201_4b50, let method = bytes.u16(p + 10),
              let compressed32 = bytes.u32(p + 20), let uncompressed32 = bytes.u32(p + 24),
              let nameLength = bytes.u16(p + 28), let extraLength = bytes.u16(p + 30), let commentLength = bytes.u16(p + 32),
              let offset32 = bytes.u32(p + 42)
        else { return nil }
        let nameStart = p + 46, extraStart = nameStart + Int(nameLength), next = extraStart + Int(extraLength) + Int(commentLength)
        guard next <= bytes.count else { return nil }
        position = next
        let name = String(decoding: bytes[nameStart..<extraStart], as: UTF8.self)

        // ZIP64 extra field: the 64-bit values follow in a fixed order, each present only when the 32-bit field is all ones.
        var compressed = Int64(compressed32), offset = Int64(offset32)
        var field = extraStart
        while field + 4 <= extraStart + Int(extraLength), let id = bytes.u16(field), let length = bytes.u16(field + 2) {
            let body = field + 4
            if id == 0x0001 {
                var cursor = body
                if uncompressed32 == 0xFFFF_FFFF { cursor += 8 }
                if compressed32 == 0xFFFF_FFFF, let value = bytes.u64(cursor), value <= UInt64(Int64.max) {
                    compressed = Int64(value); cursor += 8
                }
                if offset32 == 0xFFFF_FFFF, let value = bytes.u64(cursor), value <= UInt64(Int64.max) { offset = Int64(value) }
            }
            field = body + Int(length)
        }

        var record = Record(name: name, compressedSize: compressed, localOffset: offset)
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
        }
        return record
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

fileprivate extension [UInt8] {
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
