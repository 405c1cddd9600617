/// A zip's entries, read from its central directory and checked against every local header before a
/// byte is inflated, for the parallel reader (`ArchiveReader.forEachEntryConcurrently`).
///
/// It is built only for zips the parallel reader fully understands: stored or deflate entries, plain or
/// WinZip AES-encrypted (when a password is given; each at most `ZipEntryInflater.wholeEntryLimit`), every local header agreeing with its central record (name, method, flags, CRC, sizes),
/// every entry's bytes inside the file and apart from the others, UTF-8 (or ASCII) names without '\',
/// files and directories only, and every header rule (`HeaderValidator`) passed. Anything else is
/// `nil`: the archive then takes the libarchive path, which gives the canonical `ArchiveError` for it
/// (and the reader refuses the archive with the problem found here should libarchive not).
struct ZipCatalog {
    /// One entry to inflate, in local-header order (the order libarchive visits them).
    struct Item {
        var entry: ArchiveEntry
        /// 0 (stored) or 8 (deflate): for an AES entry, how its decrypted data is compressed.
        var method: UInt16
        /// The WinZip AES field of an encrypted entry; its data is then salt, verifier, ciphertext, code.
        var aes: WinZipAESField?
        /// The CRC the data must have (the data descriptor's when the central directory records 0).
        var crc: UInt32
        var dataOffset: Int64
        var compressedSize: Int64
        var uncompressedSize: Int64

        /// Whether the data must have `crc`: not for AE-2, whose code alone guards it (libarchive ignores
        /// an AE-2 entry's CRC too, and libzip writes one anyway).
        var checksCRC: Bool { aes?.checksCRC ?? true }
    }

    /// What reading the catalog gave.
    enum Outcome {
        case catalog(ZipCatalog)
        /// Not something the parallel reader takes; `problem` is a rule it found broken, if any.
        case fallBack(problem: ArchiveError?)
    }

    /// Every entry in local-header order.
    var items: [Item]

    /// Reads and checks the catalog of `source`; `decrypts` (a password is given) admits WinZip AES entries.
    static func read(_ source: ArchiveSource, limits: ArchiveLimits, decrypts: Bool = false) -> Outcome {
        guard let end = pinnedEnd(in: source), end.count <= Int64(limits.maxEntries),
              end.size <= Int64(ZipDirectory.maxDirectoryBytes), end.offset >= 0, end.offset <= source.size - end.size,
              let bytes = source.bytes(at: end.offset, count: Int(end.size))
        else { return .fallBack(problem: nil) }
        var records: [Record] = []
        records.reserveCapacity(Int(end.count))
        var position = 0
        while Int64(records.count) < end.count {
            guard let record = Record.parse(bytes, at: &position) else { return .fallBack(problem: nil) }
            records.append(record)
        }
        // libarchive reads records up to the end signature whatever the count says: the count must
        // account for every byte of the directory, or the two readers see different entries.
        guard position == bytes.count else { return .fallBack(problem: nil) }
        records.sort { $0.localOffset < $1.localOffset }

        var items: [Item] = []
        items.reserveCapacity(records.count)
        var validator = HeaderValidator(archive: source.name, limits: limits)
        var reach: Int64 = 0  // where the previous entry's bytes end
        for record in records {
            guard record.localOffset >= reach, let item = record.item(in: source, limits: limits, decrypts: decrypts)
            else { return .fallBack(problem: nil) }
            reach = item.end
            let header = HeaderValidator.Header(rawPath: record.name, displayPath: record.name, kind: item.item.entry.kind,
                                                declaredSize: record.uncompressedSize, isEncrypted: item.item.aes != nil, linkTarget: nil)
            if HeaderValidator.isRootDirectory(header) {
                guard validator.countOnly() else { return .fallBack(problem: nil) }
                continue
            }
            let (entry, problems) = validator.check(header)
            if let first = problems.first { return .fallBack(problem: first) }
            var checked = item.item
            checked.entry = entry
            checked.entry.compressedSize = record.compressedSize
            items.append(checked)
        }
        guard reach <= end.offset else { return .fallBack(problem: nil) }
        return .catalog(ZipCatalog(items: items))
    }

    /// libarchive's seekable zip reader looks for the end record only in the file's last 16 KiB.
    static let endSearchWindow: Int64 = 16 << 10

    /// The directory's count, size and offset, only when no reader can place it anywhere else: the
    /// end record is the last end signature in the file's tail, in libarchive's search window (it
    /// scans back from 22 bytes before EOF, stopping short of the window's first byte), its comment
    /// ends exactly at EOF, it describes a single-disk archive, and the directory ends exactly where
    /// the end record (or, with a ZIP64 locator, the ZIP64 end record) begins. That last rule also
    /// excludes prepended data, which libarchive reads by shifting every offset and we do not.
    /// Anything else is nil: libarchive then gives its own verdict.
    static func pinnedEnd(in source: ArchiveSource) -> ZipDirectory.End? {
        let tailLength = Int(min(source.size, 22 + 0xFFFF))
        guard tailLength >= 22, let tail = source.bytes(at: source.size - Int64(tailLength), count: tailLength) else { return nil }
        // The last signature anywhere in the tail, even inside the comment: if it is not the record, fall back.
        guard let at = stride(from: tailLength - 4, through: 0, by: -1).first(where: { tail.u32($0) == 0x0605_4b50 }),
              at <= tailLength - 22, let comment = tail.u16(at + 20), at + 22 + Int(comment) == tailLength
        else { return nil }
        let eocd = source.size - Int64(tailLength) + Int64(at)
        guard eocd > max(0, source.size - endSearchWindow),
              tail.u16(at + 4) == 0, tail.u16(at + 6) == 0, let count16 = tail.u16(at + 8), tail.u16(at + 10) == count16,
              let size32 = tail.u32(at + 12), let offset32 = tail.u32(at + 16)
        else { return nil }
        // libarchive takes the ZIP64 end record whenever a locator sits right before the end record.
        if eocd >= 20, let locator = source.bytes(at: eocd - 20, count: 20), locator.u32(0) == 0x0706_4b50 {
            guard locator.u32(4) == 0, locator.u32(16) == 1, let zip64At = locator.u64(8), zip64At <= UInt64(eocd - 20),
                  let record = source.bytes(at: Int64(zip64At), count: 56), record.u32(0) == 0x0606_4b50,
                  // libarchive's bounds on the record's size; ours: it ends right at the locator.
                  let recordSize = record.u64(4), recordSize >= 44, recordSize <= 16384 - 12,
                  recordSize + 12 == UInt64(eocd - 20) - zip64At,
                  record.u32(16) == 0, record.u32(20) == 0, let count = record.u64(32), record.u64(24) == count,
                  let size = record.u64(40), let offset = record.u64(48),
                  count <= UInt64(Int64.max), size <= UInt64(Int64.max), offset <= UInt64(Int64.max),
                  !offset.addingReportingOverflow(size).overflow, offset + size == zip64At
            else { return nil }
            return ZipDirectory.End(count: Int64(count), size: Int64(size), offset: Int64(offset))
        }
        // Without a locator, a field at its 16/32-bit maximum is a ZIP64 archive we cannot place.
        guard count16 != 0xFFFF, size32 != 0xFFFF_FFFF, offset32 != 0xFFFF_FFFF, Int64(offset32) + Int64(size32) == eocd
        else { return nil }
        return ZipDirectory.End(count: Int64(count16), size: Int64(size32), offset: Int64(offset32))
    }

    /// Info-ZIP Unicode Path (0x7075): libarchive renames the entry to it when its CRC matches the
    /// header name, so an entry carrying one could be read under two names.
    static let unicodePathField: UInt16 = 0x7075

    /// Whether the extra field `bytes[range]` holds a field `id`. A malformed tail counts as holding it
    /// (we cannot tell what libarchive makes of it).
    static func extra(_ bytes: [UInt8], _ range: Range<Int>, has id: UInt16) -> Bool {
        var field = range.lowerBound
        while field + 4 <= range.upperBound {
            guard let found = bytes.u16(field), let length = bytes.u16(field + 2) else { return true }
            if found == id { return true }
            field += 4 + Int(length)
        }
        return false
    }

    /// One central directory record, as far as the parallel reader needs it.
    private struct Record {
        var name: String
        var nameBytes: ArraySlice<UInt8>
        var host: UInt8
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
        var externalAttributes: UInt32
        var localOffset: Int64
        var aes: WinZipAESField?

        /// Parses the record at `position`; nil for anything short, malformed or not understood.
        static func parse(_ bytes: [UInt8], at position: inout Int) -> Record? {
            guard let raw = ZipCentralRecord.parse(bytes, at: &position) else { return nil }
            let nameBytes = bytes[raw.name]
            // Not UTF-8-flagged (bit 11) non-ASCII names, and '\' separators, are decoded by libarchive's rules.
            guard !nameBytes.contains(UInt8(ascii: "\\")), raw.flags & 0x0800 != 0 || nameBytes.allSatisfy({ $0 < 0x80 }),
                  let name = String(validating: nameBytes, as: UTF8.self)
            else { return nil }
            let sizes = raw.sizes(in: bytes)
            guard !ZipCatalog.extra(bytes, raw.extra, has: ZipCatalog.unicodePathField), sizes.complete else { return nil }
            return Record(name: name, nameBytes: nameBytes, host: UInt8(raw.madeBy >> 8), flags: raw.flags, method: raw.method,
                          crc: raw.crc, compressedSize: sizes.compressed, uncompressedSize: sizes.uncompressed,
                          externalAttributes: raw.externalAttributes, localOffset: sizes.offset, aes: WinZipAESField.find(bytes, raw.extra))
        }

        /// What libarchive makes of the entry's type: Unix hosts give a mode, MS-DOS a directory bit, and a
        /// trailing '/' always means a directory.
        var kind: ArchiveEntry.Kind {
            if name.hasSuffix("/") { return .directory }
            switch host {
            case 3:
                switch (externalAttributes >> 16) & 0o170000 {
                case 0, 0o100000: return .file
                case 0o040000: return .directory
                case 0o120000: return .symlink
                default: return .other
                }
            case 0: return externalAttributes & 0x10 != 0 ? .directory : .file
            default: return .file
            }
        }

        /// The item, with where its bytes end, once its local header agrees with this record; nil otherwise.
        func item(in source: ArchiveSource, limits: ArchiveLimits, decrypts: Bool) -> (item: Item, end: Int64)? {
            // Bit 0: encrypted (WinZip AES only: method 99 and its field); bit 6: strong encryption; bit 13:
            // masked headers. Stored or deflate only.
            guard flags & 0x2040 == 0 else { return nil }
            let kind = self.kind
            guard kind == .file || kind == .directory else { return nil }
            var dataMethod = method, overhead: Int64 = 0
            if flags & 0x0001 != 0 {
                guard decrypts, method == 99, let aes, kind == .file, compressedSize >= Int64(aes.overhead),
                      compressedSize <= ZipEntryInflater.wholeEntryLimit else { return nil }
                dataMethod = aes.method
                overhead = Int64(aes.overhead)
            } else if aes != nil {
                return nil
            }
            guard dataMethod == 0 || dataMethod == 8 else { return nil }
            if kind == .directory, compressedSize != 0 || uncompressedSize != 0 { return nil }
            if dataMethod == 0, compressedSize - overhead != uncompressedSize { return nil }
            if compressedSize == 0, uncompressedSize != 0 || crc != 0 { return nil }
            guard let local = source.bytes(at: localOffset, count: 30), local.u32(0) == 0x0403_4b50,
                  local.u16(6) == flags, local.u16(8) == method, let localName = local.u16(26), let localExtra = local.u16(28),
                  let localNameBytes = source.bytes(at: localOffset + 30, count: Int(localName)),
                  localNameBytes.elementsEqual(nameBytes),
                  let extra = source.bytes(at: localOffset + 30 + Int64(localName), count: Int(localExtra)),
                  !ZipCatalog.extra(extra, 0..<extra.count, has: ZipCatalog.unicodePathField),
                  WinZipAESField.find(extra, 0..<extra.count) == aes
            else { return nil }
            let dataOffset = localOffset + 30 + Int64(localName) + Int64(localExtra)
            let (dataEnd, overflow) = dataOffset.addingReportingOverflow(compressedSize)
            guard !overflow, dataEnd <= source.size else { return nil }
            var end = dataEnd
            var expectedCRC = crc
            if flags & 0x0008 == 0 {
                // Sizes and CRC in the local header too: they must be the central directory's.
                guard let lc = local.u32(18), let lu = local.u32(22), local.u32(14) == crc,
                      case let sizes = Zip64Values(extra, extra: 0..<extra.count, compressed: lc, uncompressed: lu, offset: 0),
                      sizes.complete, sizes.compressed == compressedSize, sizes.uncompressed == uncompressedSize
                else { return nil }
            } else if compressedSize > 0 {
                // Bit 3: a data descriptor follows the data; it must agree with the central directory.
                guard let descriptor = ZipDirectory.dataDescriptor(in: source, at: dataEnd, zip64: ZipDirectory.hasZip64Field(extra),
                                                                   compressed: compressedSize, uncompressed: uncompressedSize),
                      crc == 0 || descriptor.crc == crc
                else { return nil }
                expectedCRC = descriptor.crc
                let hasSignature = source.bytes(at: dataEnd, count: 4)?.u32(0) == 0x0807_4b50
                end = dataEnd + (hasSignature ? 4 : 0) + 4 + (ZipDirectory.hasZip64Field(extra) ? 16 : 8)
            }
            let entry = ArchiveEntry(path: name, rawPath: name, kind: kind,
                                     declaredSize: uncompressedSize, compressedSize: compressedSize)
            return (Item(entry: entry, method: dataMethod, aes: aes, crc: expectedCRC, dataOffset: dataOffset,
                         compressedSize: compressedSize, uncompressedSize: uncompressedSize), end)
        }
    }
}
