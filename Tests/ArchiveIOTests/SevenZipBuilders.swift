import ArchiveIO
import CZlib
import Foundation

/// 7z files built byte by byte (7zFormat.txt): a start header, packed streams, and a plain or encoded
/// header, so each test holds exactly the count or size it is about.
enum SevenZip {
    static let kEnd: UInt8 = 0x00, kHeader: UInt8 = 0x01, kMainStreams: UInt8 = 0x04, kFilesInfo: UInt8 = 0x05
    static let kPackInfo: UInt8 = 0x06, kUnPackInfo: UInt8 = 0x07, kSubStreams: UInt8 = 0x08, kSize: UInt8 = 0x09
    static let kCRC: UInt8 = 0x0A, kFolder: UInt8 = 0x0B, kCodersUnPackSize: UInt8 = 0x0C, kNumUnPackStream: UInt8 = 0x0D
    static let kName: UInt8 = 0x11, kEncodedHeader: UInt8 = 0x17, kDummy: UInt8 = 0x19

    /// 7z's variable-length number: as many leading one bits in the first byte as bytes follow.
    static func number(_ value: UInt64) -> [UInt8] {
        var extra = 0
        while extra < 8, value >= UInt64(1) << UInt64(7 * (extra + 1)) { extra += 1 }
        if extra == 8 { return [0xFF] + le(value, 8) }
        let marker = UInt8(truncatingIfNeeded: 0xFF00 >> extra)
        return [marker | UInt8(truncatingIfNeeded: value >> UInt64(8 * extra))] + le(value, extra)
    }

    static func le(_ value: UInt64, _ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) } }

    /// Start header, then `packed`, then `header`.
    static func archive(packed: [UInt8], header: [UInt8]) -> Data {
        var tail: [UInt8] = le(UInt64(packed.count), 8)
        tail += le(UInt64(header.count), 8)
        tail += le(UInt64(crc32(header)), 4)
        var out: [UInt8] = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4]
        out += le(UInt64(crc32(tail)), 4)
        out += tail
        out += packed
        out += header
        return Data(out)
    }

    /// A folder of one coder (`method`, optional properties).
    static func folder(_ method: [UInt8] = [0x00], properties: [UInt8]? = nil) -> [UInt8] {
        var out: [UInt8] = number(1)
        out.append(UInt8(method.count) | (properties == nil ? 0 : 0x20))
        out += method
        if let properties {
            out += number(UInt64(properties.count))
            out += properties
        }
        return out
    }

    /// StreamsInfo: packed streams at `position`, the folders and their unpack sizes, then `tail`
    /// (substreams info, or nothing), then kEnd.
    static func streams(position: UInt64 = 0, packSizes: [UInt64], folders: [[UInt8]], unpackSizes: [UInt64],
                        folderCRC: UInt32? = nil, tail: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = [kPackInfo]
        out += number(position)
        out += number(UInt64(packSizes.count))
        out.append(kSize)
        for size in packSizes { out += number(size) }
        out += [kEnd, kUnPackInfo, kFolder]
        out += number(UInt64(folders.count))
        out.append(0)
        for folder in folders { out += folder }
        out.append(kCodersUnPackSize)
        for size in unpackSizes { out += number(size) }
        if let folderCRC {
            out += [kCRC, 1]
            out += le(UInt64(folderCRC), 4)
        }
        out.append(kEnd)
        out += tail
        out.append(kEnd)
        return out
    }

    /// Files info with these names (UTF-16LE, each terminated).
    static func files(_ names: [String]) -> [UInt8] {
        var raw: [UInt8] = []
        for name in names {
            for unit in name.utf16 { raw += [UInt8(truncatingIfNeeded: unit), UInt8(truncatingIfNeeded: unit >> 8)] }
            raw += [0, 0]
        }
        var out: [UInt8] = [kFilesInfo]
        out += number(UInt64(names.count))
        out.append(kName)
        out += number(UInt64(raw.count + 1))
        out.append(0)
        out += raw
        out.append(kEnd)
        return out
    }

    /// A plain header listing one stored file `name` holding `content` (which the archive packs).
    static func storedHeader(_ name: String, _ content: [UInt8]) -> [UInt8] {
        let n = UInt64(content.count)
        var out: [UInt8] = [kHeader, kMainStreams]
        out += streams(packSizes: [n], folders: [folder()], unpackSizes: [n], tail: [kSubStreams, kEnd])
        out += files([name])
        out.append(kEnd)
        return out
    }

    /// `inner` (a plain header) encoded: packed by `method` after `data`, described by an encoded header.
    static func encoded(_ inner: [UInt8], data: [UInt8] = [], method: [UInt8] = [0x00], properties: [UInt8]? = nil, packed: [UInt8]? = nil,
                        declaredSize: UInt64? = nil) -> Data {
        let stream = packed ?? inner
        var header: [UInt8] = [kEncodedHeader]
        header += streams(position: UInt64(data.count), packSizes: [UInt64(stream.count)], folders: [folder(method, properties: properties)],
                          unpackSizes: [declaredSize ?? UInt64(inner.count)], folderCRC: crc32(inner))
        return archive(packed: data + stream, header: header)
    }

    /// Raw deflate (7z method 04 01 08) through zlib.
    static func deflated(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var input = bytes
        var out = [UInt8](repeating: 0, count: bytes.count + 1024)
        let produced = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf -> Int in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return 0 }
                return outBuf.count - Int(stream.avail_out)
            }
        }
        return Array(out.prefix(produced))
    }

    /// A header `[kHeader, FilesInfo(1 file, a kDummy property of 2 GiB of zeros)]` compressed with bzip2
    /// (`bz2.compress(…, 9)`): 1 537 bytes that libarchive 3.6.2 unpacked into 2 GiB over 13 s.
    static let twoGiBHeaderBzip2: [UInt8] = Array(Data(base64Encoded: bzip2Base64.joined()) ?? Data())
    static let twoGiBHeaderSize: UInt64 = 2_147_483_659
    private static let bzip2Base64 = [
    "QlpoOTFBWSZTWYJqhC0FfjfgQOIAACBAAEAIIABQhgBNVA07kioCWcKSQVVv3rmaIqAl8xQVkmU1kOCeLfAV+OQADAAAAIIAAwgE",
    "1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQV",
    "kmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjk",
    "AAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATU",
    "ZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWS",
    "ZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQA",
    "DAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRk",
    "KgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJl",
    "NZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAM",
    "AAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQq",
    "AlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1",
    "kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwA",
    "AACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoC",
    "WpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ",
    "4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAA",
    "AIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJa",
    "kKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDg",
    "ni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAA",
    "ggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQ",
    "qAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1n5gm",
    "5KARSmQIDAAAABAAggADDMBSmmKJEhsSiRIeLuSKcKEg9ioZiA==",
    ]
}
