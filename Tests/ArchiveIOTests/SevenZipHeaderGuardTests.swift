import ArchiveIO
import Foundation
import Testing

/// 7z headers are weighed before libarchive reads them: counts that the header's bytes cannot hold,
/// counts past the entry limit, encoded headers too large to unpack or lying after themselves, and
/// dictionaries larger than the data are refused; headers that follow the format still read.
struct SevenZipHeaderGuardTests {
    typealias Z = SevenZip

    private func refusal(_ data: Data, _ name: String = "hostile.7z") throws -> ArchiveError {
        try #require(throws: ArchiveError.self) { try ArchiveReader(data: data, name: name).entries() }
    }

    /// A header declaring 100 000 000 folders and describing one.
    private var hundredMillionFolders: [UInt8] {
        var header: [UInt8] = [Z.kHeader, Z.kMainStreams, Z.kPackInfo]
        header += Z.number(0)
        header += Z.number(1)
        header.append(Z.kSize)
        header += Z.number(5)
        header += [Z.kEnd, Z.kUnPackInfo, Z.kFolder]
        header += Z.number(100_000_000)
        header.append(0)
        header += Z.folder()
        header.append(Z.kEnd)
        return header
    }

    /// A header of `count` files and nothing else.
    private func files(_ count: UInt64) -> [UInt8] {
        var header: [UInt8] = [Z.kHeader, Z.kFilesInfo]
        header += Z.number(count)
        header += [Z.kEnd, Z.kEnd]
        return header
    }

    @Test func plainAndEncodedHeadersStillRead() throws {
        let content = Array("hello, 7z".utf8)
        let plain = Z.storedHeader("a.txt", content)
        let deflatedHeader = Z.deflated(plain)
        #expect(!deflatedHeader.isEmpty)
        let archives: [(String, Data)] = [
            ("plain.7z", Z.archive(packed: content, header: plain)),
            ("encoded-copy.7z", Z.encoded(plain, data: content)),
            ("encoded-deflate.7z", Z.encoded(plain, data: content, method: [0x04, 0x01, 0x08], packed: deflatedHeader)),
        ]
        for (name, data) in archives {
            let reader = try ArchiveReader(data: data, name: name)
            #expect(reader.format == .sevenZip, "\(name)")
            #expect(try reader.entries().map(\.path) == ["a.txt"], "\(name)")
            #expect(try reader.data(of: "a.txt") == Data(content), "\(name)")
        }
    }

    @Test func aHundredMillionFoldersInAFewBytesAreRefused() throws {
        let error = try refusal(Z.archive(packed: Array("hello".utf8), header: hundredMillionFolders))
        #expect(error.rule == .implausibleHeader)
        #expect(error.detail.contains("100000000 folders"), "\(error.detail)")
        #expect(error.archive == "hostile.7z")
    }

    @Test func substreamsPastTheEntryLimitAreRefused() throws {
        // Two folders of 100 000 000 streams each, and no sizes: libarchive zeroes 1 GB for them.
        var sub: [UInt8] = [Z.kSubStreams, Z.kNumUnPackStream]
        sub += Z.number(100_000_000)
        sub += Z.number(100_000_000)
        sub.append(Z.kEnd)
        var header: [UInt8] = [Z.kHeader, Z.kMainStreams]
        header += Z.streams(packSizes: [1, 1], folders: [Z.folder(), Z.folder()], unpackSizes: [1, 1], tail: sub)
        header.append(Z.kEnd)
        let error = try refusal(Z.archive(packed: [0x30, 0x31], header: header))
        #expect(error.rule == .tooManyEntries)
        #expect(error.detail.contains("streams"), "\(error.detail)")
    }

    @Test func filesPastTheEntryLimitOrTheHeaderAreRefused() throws {
        let many = try refusal(Z.archive(packed: [], header: files(100_000_000)))
        #expect(many.rule == .tooManyEntries)
        #expect(many.detail.contains("100000000 files"), "\(many.detail)")
        // 5 000 files (under the limit) without streams need 625 bytes of empty-stream bits, not 2.
        let unmarked = try refusal(Z.archive(packed: [], header: files(5000)))
        #expect(unmarked.rule == .implausibleHeader)
        #expect(unmarked.detail.contains("5000 files for 0 streams"), "\(unmarked.detail)")
    }

    @Test func anEncodedHeaderDeclaringGigabytesIsRefusedUnread() throws {
        #expect(Z.twoGiBHeaderBzip2.count == 1537)
        let data = Z.encoded([], method: [0x04, 0x02, 0x02], packed: Z.twoGiBHeaderBzip2, declaredSize: Z.twoGiBHeaderSize)
        let error = try refusal(data, "bomb.7z")
        #expect(error.rule == .implausibleHeader)
        #expect(error.detail.contains("declares 2147483659 bytes unpacked"), "\(error.detail)")
        // The bound follows the limits: 10 000 entries × (2 × 1024 + 64) bytes by default.
        #expect(error.detail.contains("at most 21120000"), "\(error.detail)")
    }

    @Test func anEncodedHeaderIsUnpackedAndWeighedLikeAPlainOne() throws {
        let error = try refusal(Z.encoded(hundredMillionFolders, data: Array("hello".utf8)))
        #expect(error.rule == .implausibleHeader)
        #expect(error.detail.contains("100000000 folders"), "\(error.detail)")
    }

    @Test func anEncodedHeaderInsideAnEncodedHeaderIsRefused() throws {
        let content = Array("x".utf8)
        let once = Z.encoded(Z.storedHeader("x", content), data: content)
        // The encoded header's own bytes (after the start header and the packed streams), packed again.
        let innerEncoded = Array(once.dropFirst(32 + content.count + Z.storedHeader("x", content).count))
        let error = try refusal(Z.encoded(innerEncoded))
        #expect(error.rule == .implausibleHeader)
        #expect(error.detail.contains("another encoded header"), "\(error.detail)")
    }

    @Test func aPackedHeaderPointingAtItselfIsRefused() throws {
        let plain = Z.storedHeader("a", Array("a".utf8))
        // The packed stream is declared to start where the encoded header itself starts.
        var header: [UInt8] = [Z.kEncodedHeader]
        header += Z.streams(position: UInt64(1 + plain.count), packSizes: [UInt64(plain.count)], folders: [Z.folder()],
                            unpackSizes: [UInt64(plain.count)])
        let error = try refusal(Z.archive(packed: Array("a".utf8) + plain, header: header))
        #expect(error.rule == .implausibleHeader)
        #expect(error.detail.contains("does not lie before the header"), "\(error.detail)")
    }

    @Test func aDictionaryLargerThanTheDataIsRefused() throws {
        let plain = Z.storedHeader("a", Array("a".utf8))
        let lzma4GiB: [UInt8] = [93, 0xFF, 0xFF, 0xFF, 0xFF]  // lc 3, lp 0, pb 2; a 4 GiB dictionary
        let error = try refusal(Z.encoded(plain, data: Array("a".utf8), method: [0x03, 0x01, 0x01], properties: lzma4GiB, packed: [0, 0, 0, 0, 0]))
        #expect(error.rule == .implausibleHeader)
        #expect(error.detail.contains("4294967295-byte dictionary"), "\(error.detail)")
        let lzma2Largest: [UInt8] = [40]
        let lzma2 = try refusal(Z.encoded(plain, data: Array("a".utf8), method: [0x21], properties: lzma2Largest, packed: [0]))
        #expect(lzma2.rule == .implausibleHeader)
    }

    @Test func theMessageNamesTheArchiveTheRuleAndTheCount() throws {
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(data: Z.archive(packed: [], header: files(100_000_000)), name: "many.7z") }
        #expect(error.description.hasPrefix("many.7z: too many entries: 7z header: declares 100000000 files"), "\(error.description)")
    }
}
