/// The byte layout of zip records (APPNOTE 6.3.10 §4.3, ZIP64 §4.5.3), as pure functions of an entry's facts.
///
/// Fixed metadata, so the same entries give the same bytes: "made by" Unix 6.3, the DOS stamp from the
/// options, Unix 0644 / 0755 modes, the UTF-8 flag for non-ASCII names, no time-carrying extra fields and
/// no data descriptors (sizes and CRC are in the local header, patched in place for streamed entries).
enum ZipRecords {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let endSignature: UInt32 = 0x0605_4B50

    static let versionMadeBy: UInt16 = 3 << 8 | 63  // Unix, APPNOTE 6.3
    static let fileAttributes: UInt32 = 0o100644 << 16
    static let folderAttributes: UInt32 = 0o040755 << 16 | 0x10  // 0x10: the MS-DOS folder bit
    /// A field that does not fit its 16/32 bits is written as all ones and carried in the ZIP64 extra field.
    static let max32: UInt64 = 0xFFFF_FFFF
    static let max16: UInt64 = 0xFFFF

    /// The facts of one written entry; everything its records need.
    struct Entry {
        var name: [UInt8]
        var isDirectory: Bool
        /// 0 stored, 8 deflated.
        var method: UInt16
        var crc: UInt32 = 0
        var compressedSize: UInt64 = 0
        var uncompressedSize: UInt64 = 0
        var localOffset: UInt64 = 0
        /// Whether the local header carries a ZIP64 extra field (sizes unknown or possibly ≥ 4 GiB when it was written).
        var zip64Local: Bool
        /// WinZip AES-encrypted (`WinZipAESSealer`): method 99 on record, `method` in the AES extra field.
        var encrypted = false

        var flags: UInt16 { (name.contains { $0 >= 0x80 } ? 0x0800 : 0) | (encrypted ? 0x0001 : 0) }

        /// The method field: 99 for WinZip AES, else `method`.
        var recordedMethod: UInt16 { encrypted ? 99 : method }

        var versionNeeded: UInt16 {
            if encrypted { return 51 }
            if zip64Local || needsZip64InCentral { return 45 }
            return method == 8 || isDirectory ? 20 : 10
        }

        /// The AES extra field (0x9901, APPNOTE §7.2.3 / WinZip AE-1), empty when not encrypted.
        var aesExtra: [UInt8] {
            guard encrypted else { return [] }
            var out = LittleEndianBytes(capacity: 11)
            out.u16(0x9901)
            out.u16(7)
            out.u16(WinZipAESSealer.version)
            out.bytes += Array("AE".utf8)
            out.bytes.append(WinZipAESSealer.strength)
            out.u16(method)
            return out.bytes
        }

        var needsZip64InCentral: Bool {
            compressedSize >= max32 || uncompressedSize >= max32 || localOffset >= max32
        }

        var externalAttributes: UInt32 { isDirectory ? folderAttributes : fileAttributes }
    }

    /// Where the local header's CRC field sits (sizes follow it); the ZIP64 sizes start 20 bytes into its extra field.
    static let localCRCOffset = 14
    static func localZip64SizesOffset(nameLength: Int) -> Int { 30 + nameLength + 4 }

    /// The local file header; with `zip64Local` the sizes are all ones and live in a ZIP64 extra field.
    static func localHeader(_ e: Entry, stamp: DOSTimestamp) -> [UInt8] {
        var out = LittleEndianBytes(capacity: 30 + e.name.count + 20)
        out.u32(localHeaderSignature)
        out.u16(e.versionNeeded)
        out.u16(e.flags)
        out.u16(e.recordedMethod)
        out.u16(stamp.time)
        out.u16(stamp.date)
        out.u32(e.crc)
        if e.zip64Local {
            out.u32(UInt32(max32))
            out.u32(UInt32(max32))
        } else {
            out.u32(UInt32(truncatingIfNeeded: e.compressedSize))
            out.u32(UInt32(truncatingIfNeeded: e.uncompressedSize))
        }
        let aes = e.aesExtra
        out.u16(UInt16(e.name.count))
        out.u16(UInt16((e.zip64Local ? 20 : 0) + aes.count))
        out.bytes.append(contentsOf: e.name)
        if e.zip64Local {
            // §4.5.3: in a local header both sizes are present, original first.
            out.u16(0x0001)
            out.u16(16)
            out.u64(e.uncompressedSize)
            out.u64(e.compressedSize)
        }
        out.bytes += aes  // after ZIP64, so the ZIP64 sizes stay where `localZip64SizesOffset` says
        return out.bytes
    }

    /// The CRC and sizes as patched into a local header once the data is written: at `localCRCOffset`
    /// (CRC, and the 32-bit sizes unless ZIP64) and, for ZIP64, the two 64-bit sizes.
    static func localPatch(_ e: Entry) -> (crcAndSizes: [UInt8], zip64Sizes: [UInt8]?) {
        var head = LittleEndianBytes(capacity: 12)
        head.u32(e.crc)
        guard e.zip64Local else {
            head.u32(UInt32(truncatingIfNeeded: e.compressedSize))
            head.u32(UInt32(truncatingIfNeeded: e.uncompressedSize))
            return (head.bytes, nil)
        }
        var sizes = LittleEndianBytes(capacity: 16)
        sizes.u64(e.uncompressedSize)
        sizes.u64(e.compressedSize)
        return (head.bytes, sizes.bytes)
    }

    /// The central directory record; fields past 32 bits go to a ZIP64 extra field, in the §4.5.3 order.
    static func centralHeader(_ e: Entry, stamp: DOSTimestamp) -> [UInt8] {
        var extra = LittleEndianBytes(capacity: 28)
        if e.uncompressedSize >= max32 { extra.u64(e.uncompressedSize) }
        if e.compressedSize >= max32 { extra.u64(e.compressedSize) }
        if e.localOffset >= max32 { extra.u64(e.localOffset) }
        let aes = e.aesExtra
        let extraLength = (extra.bytes.isEmpty ? 0 : 4 + extra.bytes.count) + aes.count
        var out = LittleEndianBytes(capacity: 46 + e.name.count + extraLength)
        out.u32(centralHeaderSignature)
        out.u16(versionMadeBy)
        out.u16(e.versionNeeded)
        out.u16(e.flags)
        out.u16(e.recordedMethod)
        out.u16(stamp.time)
        out.u16(stamp.date)
        out.u32(e.crc)
        out.u32(UInt32(min(e.compressedSize, max32)))
        out.u32(UInt32(min(e.uncompressedSize, max32)))
        out.u16(UInt16(e.name.count))
        out.u16(UInt16(extraLength))
        out.u16(0)  // comment
        out.u16(0)  // disk number start
        out.u16(0)  // internal attributes
        out.u32(e.externalAttributes)
        out.u32(UInt32(min(e.localOffset, max32)))
        out.bytes.append(contentsOf: e.name)
        if !extra.bytes.isEmpty {
            out.u16(0x0001)
            out.u16(UInt16(extra.bytes.count))
            out.bytes.append(contentsOf: extra.bytes)
        }
        out.bytes += aes
        return out.bytes
    }

    /// The end of the archive: ZIP64 end record and locator when the count, size or offset need them, then the end record.
    static func end(entries: UInt64, directoryOffset: UInt64, directorySize: UInt64) -> [UInt8] {
        var out = LittleEndianBytes(capacity: 98)
        let zip64 = entries >= max16 || directoryOffset >= max32 || directorySize >= max32
        if zip64 {
            let recordOffset = directoryOffset + directorySize
            out.u32(zip64EndSignature)
            out.u64(44)  // size of the rest of this record
            out.u16(versionMadeBy)
            out.u16(45)
            out.u32(0)  // this disk
            out.u32(0)  // disk with the directory
            out.u64(entries)
            out.u64(entries)
            out.u64(directorySize)
            out.u64(directoryOffset)
            out.u32(zip64LocatorSignature)
            out.u32(0)
            out.u64(recordOffset)
            out.u32(1)  // total disks
        }
        out.u32(endSignature)
        out.u16(0)
        out.u16(0)
        out.u16(UInt16(min(entries, max16)))
        out.u16(UInt16(min(entries, max16)))
        out.u32(UInt32(min(directorySize, max32)))
        out.u32(UInt32(min(directoryOffset, max32)))
        out.u16(0)  // comment length
        return out.bytes
    }
}

/// A growing byte buffer written little-endian, as every zip field is.
struct LittleEndianBytes {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func u16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    mutating func u32(_ v: UInt32) {
        u16(UInt16(truncatingIfNeeded: v))
        u16(UInt16(truncatingIfNeeded: v >> 16))
    }

    mutating func u64(_ v: UInt64) {
        u32(UInt32(truncatingIfNeeded: v))
        u32(UInt32(truncatingIfNeeded: v >> 32))
    }
}
