/// The fixed fields of one zip central directory record (APPNOTE 4.3.12) and where its variable parts
/// lie: parsed once here for both readers of the directory — the libarchive path's pre-flight
/// (`ZipDirectory`, lenient) and the parallel reader's catalog (`ZipCatalog`, strict).
struct ZipCentralRecord {
    var madeBy: UInt16
    var flags: UInt16
    var method: UInt16
    var crc: UInt32
    var compressed32: UInt32
    var uncompressed32: UInt32
    var externalAttributes: UInt32
    var offset32: UInt32
    /// Byte ranges of the name and the extra field in the directory's bytes.
    var name: Range<Int>
    var extra: Range<Int>

    /// The record at `position`, which moves past it (name, extra field and comment); nil when the bytes
    /// hold no complete record there.
    static func parse(_ bytes: [UInt8], at position: inout Int) -> ZipCentralRecord? {
        let p = position
        guard bytes.u32(p) == 0x0201_4b50, let madeBy = bytes.u16(p + 4), let flags = bytes.u16(p + 8),
              let method = bytes.u16(p + 10), let crc = bytes.u32(p + 16), let c32 = bytes.u32(p + 20),
              let u32 = bytes.u32(p + 24), let nameLength = bytes.u16(p + 28), let extraLength = bytes.u16(p + 30),
              let commentLength = bytes.u16(p + 32), let external = bytes.u32(p + 38), let o32 = bytes.u32(p + 42)
        else { return nil }
        let nameStart = p + 46, extraStart = nameStart + Int(nameLength), extraEnd = extraStart + Int(extraLength)
        let next = extraEnd + Int(commentLength)
        guard next <= bytes.count else { return nil }
        position = next
        return ZipCentralRecord(madeBy: madeBy, flags: flags, method: method, crc: crc, compressed32: c32,
                                uncompressed32: u32, externalAttributes: external, offset32: o32,
                                name: nameStart..<extraStart, extra: extraStart..<extraEnd)
    }

    /// Sizes and offset with the record's ZIP64 extra field applied.
    func sizes(in bytes: [UInt8]) -> Zip64Values {
        Zip64Values(bytes, extra: extra, compressed: compressed32, uncompressed: uncompressed32, offset: offset32)
    }
}

/// Sizes and offset with a ZIP64 extra field (0x0001) applied (APPNOTE 4.5.3): each 64-bit value is
/// present only when its 32-bit field is all ones, in the order uncompressed, compressed, offset.
struct Zip64Values {
    var compressed: Int64
    var uncompressed: Int64
    var offset: Int64
    /// False when a value the 32-bit fields call for is missing or an extra field overruns the extra
    /// data: a strict reader refuses the record, a lenient one keeps the 32-bit value, as libarchive does.
    var complete = true

    init(_ bytes: [UInt8], extra: Range<Int>, compressed c32: UInt32, uncompressed u32: UInt32, offset o32: UInt32) {
        compressed = Int64(c32)
        uncompressed = Int64(u32)
        offset = Int64(o32)
        var needU = u32 == 0xFFFF_FFFF, needC = c32 == 0xFFFF_FFFF, needO = o32 == 0xFFFF_FFFF
        var field = extra.lowerBound
        while field + 4 <= extra.upperBound, let id = bytes.u16(field), let length = bytes.u16(field + 2) {
            let body = field + 4, bodyEnd = body + Int(length)
            guard bodyEnd <= extra.upperBound else {
                complete = false
                break
            }
            if id == 0x0001 {
                var cursor = body
                func next() -> Int64? {
                    guard cursor + 8 <= bodyEnd, let value = bytes.u64(cursor), value <= UInt64(Int64.max) else { return nil }
                    cursor += 8
                    return Int64(value)
                }
                if needU, let v = next() { uncompressed = v; needU = false }
                if needC, !needU, let v = next() { compressed = v; needC = false }
                if needO, !needU, !needC, let v = next() { offset = v; needO = false }
            }
            field = bodyEnd
        }
        if needU || needC || needO { complete = false }
    }
}
