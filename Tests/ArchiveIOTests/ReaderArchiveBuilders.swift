import Foundation

/// Hand-built archive bytes for cases the corpus lacks (tests stay Swift-only: no python, no tools).

/// CRC-32 (IEEE), as zip and gzip use it.
func crc32(_ data: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

extension Data {
    mutating func le16(_ value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func le32(_ value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}

/// A minimal ustar writer: 512-byte headers with a correct checksum, GNU 'L' records for long names.
struct TarBuilder {
    enum Kind: UInt8 {
        case file = 48, hardlink = 49, symlink = 50, characterDevice = 51, blockDevice = 52, directory = 53, fifo = 54
    }

    private(set) var bytes = Data()

    mutating func add(_ name: String, _ content: Data = Data(), kind: Kind = .file, link: String = "") {
        add(rawName: Array(name.utf8), content, kind: kind, link: link)
    }

    /// Adds an entry whose name is arbitrary bytes (non-UTF-8 names).
    mutating func add(rawName: [UInt8], _ content: Data = Data(), kind: Kind = .file, link: String = "") {
        if rawName.count > 100 {
            // GNU long name: a pseudo-entry whose data is the real name.
            appendHeader(name: Array("././@LongLink".utf8), size: rawName.count + 1, typeflag: UInt8(ascii: "L"), link: [])
            appendData(Data(rawName + [0]))
        }
        appendHeader(name: Array(rawName.prefix(100)), size: kind == .file ? content.count : 0, typeflag: kind.rawValue, link: Array(link.utf8))
        if kind == .file { appendData(content) }
    }

    /// The archive with its two zero end blocks.
    func finished() -> Data { bytes + Data(count: 1024) }

    /// Writes a header; `size` is what it declares (data is appended separately).
    mutating func appendHeader(name: [UInt8], size: Int, typeflag: UInt8, link: [UInt8], mode: String = "0000644") {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ value: [UInt8], at offset: Int, width: Int) {
            for (i, byte) in value.prefix(width).enumerated() { header[offset + i] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0, width: 100)
        put(Array(mode.utf8) + [0], at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)
        put(octal(0, width: 8), at: 116, width: 8)
        put(octal(size, width: 12), at: 124, width: 12)
        put(octal(1_700_000_000, width: 12), at: 136, width: 12)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148, width: 8)
        header[156] = typeflag
        put(link, at: 157, width: 100)
        put(Array("ustar\0".utf8), at: 257, width: 6)
        put(Array("00".utf8), at: 263, width: 2)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [UInt8(ascii: " ")], at: 148, width: 8)
        bytes.append(contentsOf: header)
    }

    mutating func appendData(_ content: Data) {
        bytes.append(content)
        let padding = (512 - content.count % 512) % 512
        bytes.append(Data(count: padding))
    }
}

/// A minimal zip writer (stored or pre-compressed deflate entries, unix or DOS attributes).
struct ZipBuilder {
    struct Entry {
        var name: [UInt8]
        var data: Data  // as stored in the archive (compressed when method is 8)
        var method: UInt16 = 0
        var crc: UInt32
        var uncompressedSize: UInt32
        var unixMode: UInt32? = 0o100644
    }

    private(set) var entries: [Entry] = []

    mutating func addStored(_ name: String, _ content: Data, unixMode: UInt32? = 0o100644) {
        entries.append(Entry(name: Array(name.utf8), data: content, crc: crc32(content), uncompressedSize: UInt32(content.count), unixMode: unixMode))
    }

    /// Adds already-deflated data with whatever size and CRC the test wants the headers to claim.
    mutating func addDeflated(_ name: String, deflated: Data, claimedSize: UInt32, claimedCRC: UInt32) {
        entries.append(Entry(name: Array(name.utf8), data: deflated, method: 8, crc: claimedCRC, uncompressedSize: claimedSize))
    }

    func finished() -> Data {
        var out = Data()
        var central = Data()
        for entry in entries {
            let offset = UInt32(out.count)
            out.le32(0x0403_4b50); out.le16(20); out.le16(0x0800); out.le16(entry.method); out.le16(0); out.le16(0x21)
            out.le32(entry.crc); out.le32(UInt32(entry.data.count)); out.le32(entry.uncompressedSize)
            out.le16(UInt16(entry.name.count)); out.le16(0)
            out.append(contentsOf: entry.name); out.append(entry.data)

            central.le32(0x0201_4b50); central.le16(entry.unixMode == nil ? 20 : 0x0314); central.le16(20); central.le16(0x0800)
            central.le16(entry.method); central.le16(0); central.le16(0x21)
            central.le32(entry.crc); central.le32(UInt32(entry.data.count)); central.le32(entry.uncompressedSize)
            central.le16(UInt16(entry.name.count)); central.le16(0); central.le16(0); central.le16(0); central.le16(0)
            central.le32((entry.unixMode ?? 0) << 16); central.le32(offset)
            central.append(contentsOf: entry.name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.le32(0x0605_4b50); out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(central.count)); out.le32(centralOffset); out.le16(0)
        return out
    }
}

/// A raw deflate stream (fixed Huffman codes) of `prefix` as literals followed by `zeros` zero bytes,
/// the zeros coded as <length 258, distance 1> matches: about 160:1, a small stand-in for a bomb.
func deflateFixedHuffman(prefix: Data = Data(), zeros: Int) -> Data {
    var writer = BitWriter()
    writer.bits(1, count: 1)  // BFINAL
    writer.bits(1, count: 2)  // BTYPE = fixed Huffman
    func literal(_ byte: UInt8) {
        if byte < 144 { writer.huffman(0x30 + UInt32(byte), count: 8) } else { writer.huffman(0x190 + UInt32(byte) - 144, count: 9) }
    }
    for byte in prefix { literal(byte) }
    var remaining = zeros
    if remaining > 0 {
        literal(0)
        remaining -= 1
        // Distance 1 needs a previous zero byte; the literal above (or a zero in `prefix`) provides it.
        func match() {
            writer.huffman(0xC5, count: 8)  // length code 285 = 258
            writer.huffman(0, count: 5)  // distance code 0 = 1
            remaining -= 258
        }
        while remaining >= 258, !writer.isAligned { match() }
        // Eight 13-bit matches are 13 whole bytes: copy that pattern instead of pushing every bit.
        var eight = BitWriter()
        for _ in 0..<8 {
            eight.huffman(0xC5, count: 8)
            eight.huffman(0, count: 5)
        }
        let blocks = remaining / (8 * 258)
        writer.appendAligned(pattern: eight.finished(), times: blocks)
        remaining -= blocks * 8 * 258
        while remaining >= 258 { match() }
        for _ in 0..<remaining { literal(0) }
    }
    writer.huffman(0, count: 7)  // end of block (256)
    return writer.finished()
}

/// A gzip member around a raw deflate stream; the trailer CRC is only right when `crc` is given.
func gzipWrap(_ deflated: Data, crc: UInt32 = 0, size: UInt32 = 0) -> Data {
    var out = Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
    out.append(deflated)
    out.le32(crc); out.le32(size)
    return out
}

private struct BitWriter {
    private var out = Data()
    private var accumulator: UInt32 = 0
    private var filled = 0

    /// Appends `count` bits of `value`, least significant first (header fields, extra bits).
    mutating func bits(_ value: UInt32, count: Int) {
        for i in 0..<count { push((value >> UInt32(i)) & 1) }
    }

    /// Appends a Huffman code, most significant bit first, as deflate requires.
    mutating func huffman(_ code: UInt32, count: Int) {
        for i in stride(from: count - 1, through: 0, by: -1) { push((code >> UInt32(i)) & 1) }
    }

    var isAligned: Bool { filled == 0 }

    /// Appends `pattern` `times` times; only valid when `isAligned`.
    mutating func appendAligned(pattern: Data, times: Int) {
        precondition(isAligned)
        for _ in 0..<times { out.append(pattern) }
    }

    private mutating func push(_ bit: UInt32) {
        accumulator |= bit << UInt32(filled)
        filled += 1
        if filled == 8 { out.append(UInt8(accumulator)); accumulator = 0; filled = 0 }
    }

    func finished() -> Data { filled > 0 ? out + [UInt8(accumulator)] : out }
}

/// A zstd frame holding `content` in raw (stored) blocks: valid zstd without a compressor.
func zstdRawFrame(_ content: Data) -> Data {
    var out = Data()
    out.le32(0xFD2F_B528)  // magic
    out.append(0xA0)  // frame header: 4-byte content size, single segment, no checksum, no dictionary
    out.le32(UInt32(content.count))
    var offset = 0
    repeat {
        let size = min(content.count - offset, 128 * 1024)
        let last: UInt32 = offset + size == content.count ? 1 : 0
        let header = last | (0 << 1) | (UInt32(size) << 3)  // Raw_Block
        out.append(contentsOf: [UInt8(header & 0xFF), UInt8((header >> 8) & 0xFF), UInt8((header >> 16) & 0xFF)])
        out.append(content[content.startIndex + offset..<content.startIndex + offset + size])
        offset += size
    } while offset < content.count
    return out
}

/// A tar.bz2 made once with Python's tarfile + bz2 (no bzip2 encoder here): one entry
/// "case/stage01.stl" holding "solid stage01\nendsolid\n".
let tinyTarBz2 = Data(base64Encoded: """
    QlpoOTFBWSZTWYEjoGwAAHbbgMoYQAH3gEAAbqWeAAgIIAB0GlManpABtQ0NqaCSmo0yBoAAD7eoZCCidCEV9SiQwdQgQ5awmGbaTxPiwBXkYsigMnPl\
    pE1RYI6NsIBimvg9ag5oOxcwVAY6rNq/IBWREQH4u5IpwoSECR0DYA==
    """) ?? Data()
