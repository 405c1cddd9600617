import Foundation

/// Compressed streams built by hand (stored deflate blocks, uncompressed LZMA2 chunks, raw zstd
/// blocks): valid gzip, xz and zstd around any bytes, without an encoder.

/// A gzip member holding `content` in stored deflate blocks, with the right CRC and size.
func gzipStored(_ content: Data) -> Data {
    var deflated = Data()
    var offset = 0
    repeat {
        let size = min(content.count - offset, 65535)
        let last = offset + size == content.count
        deflated.append(last ? 1 : 0)  // BFINAL, BTYPE 00 (stored); the rest of the byte is padding
        deflated.le16(UInt16(size))
        deflated.le16(~UInt16(size))
        deflated.append(content[content.startIndex + offset..<content.startIndex + offset + size])
        offset += size
    } while offset < content.count
    return gzipWrap(deflated, crc: crc32(content), size: UInt32(truncatingIfNeeded: content.count))
}

/// An xz stream (no integrity check) holding `content` in uncompressed LZMA2 chunks.
func xzStored(_ content: Data) -> Data {
    func crc(_ d: Data) -> Data { var out = Data(); out.le32(crc32(d)); return out }
    func varint(_ value: Int) -> Data {
        var v = value, out = Data()
        repeat { out.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0)); v >>= 7 } while v > 0
        return out
    }
    let flags = Data([0, 0])  // check: none
    var out = Data([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) + flags + crc(flags)
    // Block header: size 12 bytes, one filter (LZMA2, 4 KiB dictionary), padding, CRC.
    let header = Data([0x02, 0x00, 0x21, 0x01, 0x00, 0, 0, 0])
    var block = header + crc(header)
    var offset = 0
    repeat {
        let size = min(content.count - offset, 65536)
        guard size > 0 else { break }
        block.append(offset == 0 ? 0x01 : 0x02)  // uncompressed chunk (with a dictionary reset first)
        block.append(UInt8((size - 1) >> 8)); block.append(UInt8((size - 1) & 0xFF))
        block.append(content[content.startIndex + offset..<content.startIndex + offset + size])
        offset += size
    } while offset < content.count
    block.append(0x00)  // end of LZMA2 data
    let unpadded = block.count
    block.append(Data(count: (4 - block.count % 4) % 4))
    out.append(block)
    var index = Data([0x00]) + varint(1) + varint(unpadded) + varint(content.count)
    index.append(Data(count: (4 - index.count % 4) % 4))
    index.append(crc(index))
    out.append(index)
    var backward = Data(); backward.le32(UInt32(index.count / 4 - 1))
    out.append(crc(backward + flags) + backward + flags + Data("YZ".utf8))
    return out
}

/// A small tar with one text file, the innermost layer of the nested inputs.
func smallTar() -> Data {
    var tar = TarBuilder()
    tar.add("case/readme.txt", Data("nested\n".utf8))
    return tar.finished()
}

/// A gzip file that decompresses to exactly itself, CRC included: Russ Cox's construction
/// ("Zip Files All The Way Down", 2010) of a deflate program of 5-byte instructions — "print n"
/// (a stored block) and "repeat n" (a fixed-Huffman block of two back-references, padded to 40 bits by
/// how the length is split) — around a prefix P (the gzip header) and a suffix S (an empty final
/// stored block and the trailer). The trailer's CRC is a fixed point of CRC-32, solved over GF(2)
/// (the CRC of the file is affine in the CRC field's bits). 200 bytes.
func selfReproducingGzip() -> Data {
    let prefix: [UInt8] = [0x1F, 0x8B, 8, 0x08, 0, 0, 0, 0, 0, 0xFF] + Array("q".utf8) + [0]  // FNAME "q"
    func stored(_ count: Int) -> [UInt8] {
        [0, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
    }
    /// Copies the last `count` bytes (17…20): two back-references of 10 and count − 10 bytes.
    func repeatLast(_ count: Int) -> [UInt8] {
        var bits = QuineBits()
        bits.lsb(0, 1); bits.lsb(1, 2)  // not final, fixed Huffman
        for length in [10, count - 10] {
            bits.msb(UInt32(length - 3 + 1), 7)  // length codes 257…264 (3…10 bytes, no extra bits)
            bits.msb(8, 5); bits.lsb(UInt32(count - 17), 3)  // distance code 8: 17…24
        }
        bits.msb(0, 7)  // end of block
        return bits.bytes
    }
    func build(crc: UInt32, size: UInt32) -> Data {
        var suffix: [UInt8] = [1, 0, 0, 0xFF, 0xFF]
        for value in [crc, size] { suffix += (0..<4).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) } }
        let lp = stored(prefix.count + 5), rp = repeatLast(prefix.count + 5)
        let l1 = stored(5), l4 = stored(20), l0 = stored(0), r4 = repeatLast(20)
        let ls = stored(suffix.count + 5), rs = repeatLast(suffix.count + 5)
        let program: [[UInt8]] = [lp, prefix, lp, rp, l1, rp, l1, l1, l4, rp, l1, l1, l4, r4, l4, r4, l4, r4, l4, r4,
                                  l4, r4, l0, l0, ls, r4, l0, l0, ls, rs, suffix, rs]
        return Data(prefix + program.flatMap { $0 } + suffix)
    }
    let size = UInt32(build(crc: 0, size: 0).count)
    // crc(file(x)) = c0 ⊕ Σ xᵢ·colᵢ; solve x = crc(file(x)), i.e. Σ xᵢ·(colᵢ ⊕ eᵢ) = c0.
    let c0 = crc32(build(crc: 0, size: size))
    var basis: [(vector: UInt32, combination: UInt32)] = []
    for i in 0..<32 {
        var vector = crc32(build(crc: 1 << UInt32(i), size: size)) ^ c0 ^ (1 << UInt32(i))
        var combination = UInt32(1) << UInt32(i)
        for b in basis where vector ^ b.vector < vector { vector ^= b.vector; combination ^= b.combination }
        if vector != 0 { basis.append((vector, combination)); basis.sort { $0.vector > $1.vector } }
    }
    var target = c0, x: UInt32 = 0
    for b in basis where target ^ b.vector < target { target ^= b.vector; x ^= b.combination }
    return build(crc: x, size: size)
}

/// Bits in deflate's order: header fields and extra bits least significant first, Huffman codes most.
private struct QuineBits {
    private(set) var bytes: [UInt8] = []
    private var accumulator: UInt8 = 0
    private var filled = 0
    mutating func lsb(_ value: UInt32, _ count: Int) { for i in 0..<count { push(UInt8((value >> UInt32(i)) & 1)) } }
    mutating func msb(_ value: UInt32, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { push(UInt8((value >> UInt32(i)) & 1)) } }
    private mutating func push(_ bit: UInt8) {
        accumulator |= bit << UInt8(filled)
        filled += 1
        if filled == 8 { bytes.append(accumulator); accumulator = 0; filled = 0 }
    }
}
