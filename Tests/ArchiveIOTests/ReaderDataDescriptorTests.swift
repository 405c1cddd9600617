import ArchiveIO
import Foundation
import Testing

/// Zip entries whose CRC is only in their data descriptor (flag bit 3, central directory CRC 0): the
/// data is checked against the descriptor instead, and a mismatch is still `badChecksum`.
@Suite("Zip data descriptors")
struct ReaderDataDescriptorTests {
    static let file = "testExtractCompressedDataDescriptorArchive.zip"

    /// The corpus file's layout (checked by `corpusLayoutIsAsDescribed`): entry "-" at 0 (its
    /// descriptor at 33), second.txt's local header at 49, its 8 deflated bytes at 117, its data
    /// descriptor at 125 ("PK\7\8", CRC, compressed size, uncompressed size), the central directory
    /// records at 141 and 188, the end record at 268.
    enum At {
        static let secondData = 117
        static let descriptor = 125
        static let descriptorCRC = 129
        static let descriptorUncompressed = 137
        static let centralDirectory = 141
        static let secondCentral = 188
        static let secondCentralCRC = 188 + 16
        static let secondCentralCompressed = 188 + 20
        static let end = 268
        static let endDirectoryOffset = 268 + 16
    }

    private func corpus() throws -> Data { try Data(contentsOf: Corpus.valid(Self.file)) }

    /// The corpus bytes with the 4-byte little-endian value at each offset replaced.
    private func patched(_ values: [Int: UInt32]) throws -> Data {
        var data = try corpus()
        for (offset, value) in values {
            for index in 0..<4 { data[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        return data
    }

    private func u32(_ data: Data, _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * UInt32($1)) }
    }

    @Test func corpusLayoutIsAsDescribed() throws {
        let data = try corpus()
        #expect(data.count == 290)
        #expect(u32(data, 49) == 0x0403_4b50)
        #expect(u32(data, At.descriptor) == 0x0807_4b50)
        #expect(u32(data, At.descriptorCRC) == 0xB61F_1169)
        #expect(u32(data, At.descriptorCRC + 4) == 8)
        #expect(u32(data, At.descriptorUncompressed) == 6)
        #expect(u32(data, At.centralDirectory) == 0x0201_4b50)
        #expect(u32(data, At.secondCentral) == 0x0201_4b50)
        #expect(u32(data, At.secondCentral + 8) & 0xFFFF == 0x0008)  // flag bit 3
        #expect(u32(data, At.secondCentralCRC) == 0)
        #expect(u32(data, At.secondCentralCompressed) == 8)
        #expect(u32(data, At.end) == 0x0605_4b50)
        #expect(u32(data, At.endDirectoryOffset) == UInt32(At.centralDirectory))
    }

    @Test func readsCheckedAgainstTheDescriptorFromFileAndMemory() throws {
        for reader in try [ArchiveReader(contentsOf: Corpus.valid(Self.file)), ArchiveReader(data: corpus(), name: Self.file)] {
            #expect(try reader.data(of: "second.txt") == Data("second".utf8))
            #expect(try reader.data(of: "-").isEmpty)
            var chunks: [String: [Data]] = [:]
            try reader.forEachEntry { entry, stream in
                while let chunk = try stream.read(maxLength: 4) { chunks[entry.path, default: []].append(chunk) }
                #expect(stream.isAtEnd)
            }
            #expect(chunks["second.txt"] == [Data("seco".utf8), Data("nd".utf8)])
            #expect(chunks["-"] == nil)
            let inspection = try ArchiveInspector.inspect(reader).get()
            #expect(inspection.isClean, "\(inspection.allProblems)")
            #expect(inspection.entries.map(\.bytesRead) == [0, 6])
        }
    }

    @Test func descriptorCRCThatDoesNotMatchTheDataIsBadChecksum() throws {
        let data = try patched([At.descriptorCRC: 0xB61F_1168])
        let reader = try ArchiveReader(data: data, name: "descriptor.zip")
        #expect(try reader.entries().map(\.path) == ["-", "second.txt"])
        #expect(try reader.data(of: "-").isEmpty)  // second.txt's data is only skipped
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "second.txt") }
        #expect(error.rule == .badChecksum)
        #expect(error.entry == "second.txt")
        #expect(error.detail.contains("data has CRC 0xb61f1169 and 6 bytes, its data descriptor gives CRC 0xb61f1168 and 6 bytes"))
        #expect(error.detail.contains("ZIP bad CRC: 0xb61f1169 should be 0x0"))

        #expect(performing: { try reader.forEachEntry { _, stream in _ = try stream.readAll() } }, throws: { error in
            (error as? ArchiveError)?.rule == .badChecksum
        })
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(throws: ArchiveError.self) { try reader.extract(to: parent.appendingPathComponent("out")) }
        #expect(listTree(parent) == [])

        let inspection = try ArchiveInspector.inspect(reader).get()
        #expect(inspection.entries.map { $0.problems.map(\.rule) } == [[], [.badChecksum]])
        #expect(inspection.entries.map(\.bytesRead) == [0, 6])
    }

    @Test func dataThatDoesNotMatchTheDescriptorIsBadChecksum() throws {
        // One bit flipped in the deflated data: still valid deflate, now "Second".
        var data = try corpus()
        data[At.secondData] ^= 0x20
        let reader = try ArchiveReader(data: data, name: "flipped.zip")
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "second.txt") }
        #expect(error.rule == .badChecksum)
        #expect(error.entry == "second.txt")
        #expect(error.detail.contains("its data descriptor gives CRC 0xb61f1169"))
        #expect(!(try ArchiveInspector.inspect(reader).get().isClean))
    }

    @Test func aCentralDirectoryCRCIsStillTheOneChecked() throws {
        // Once the central directory has a CRC, the descriptor is not consulted: right reads, wrong is refused.
        let right = try ArchiveReader(data: patched([At.secondCentralCRC: 0xB61F_1169]), name: "right.zip")
        #expect(try right.data(of: "second.txt") == Data("second".utf8))
        let wrong = try ArchiveReader(data: patched([At.secondCentralCRC: 0x1234_5678]), name: "wrong.zip")
        let error = try #require(throws: ArchiveError.self) { try wrong.data(of: "second.txt") }
        #expect(error.rule == .badChecksum)
        #expect(error.detail == "ZIP bad CRC: 0xb61f1169 should be 0x12345678")
    }

    @Test func descriptorWithoutItsOptionalSignatureReads() throws {
        var data = try corpus()
        data.removeSubrange(At.descriptor..<(At.descriptor + 4))
        let offset = UInt32(At.centralDirectory - 4)
        for index in 0..<4 { data[At.endDirectoryOffset - 4 + index] = UInt8(truncatingIfNeeded: offset >> (8 * UInt32(index))) }
        let reader = try ArchiveReader(data: data, name: "unsigned.zip")
        #expect(try reader.data(of: "second.txt") == Data("second".utf8))
        #expect(try ArchiveInspector.inspect(reader).get().isClean)
    }

    @Test func descriptorWhoseSizesDisagreeIsNotUsed() throws {
        // A descriptor that does not give the central directory's sizes is no descriptor: the CRC 0 stands.
        let reader = try ArchiveReader(data: patched([At.descriptorUncompressed: 7]), name: "sizes.zip")
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "second.txt") }
        #expect(error.rule == .badChecksum)
        #expect(error.detail == "ZIP bad CRC: 0xb61f1169 should be 0x0")
    }

    @Test func noCompressedSizeInTheCentralDirectoryIsRefused() throws {
        // No compressed size, no place for the descriptor: and libarchive would deliver no data at all,
        // checking neither size nor CRC, so a file that declares bytes is refused from its header.
        let reader = try ArchiveReader(data: patched([At.secondCentralCompressed: 0]), name: "nosize.zip")
        let error = try #require(throws: ArchiveError.self) { try reader.entries() }
        #expect(error.rule == .unreadable)
        #expect(error.entry == "second.txt")
        #expect(error.detail == "central directory gives 6 bytes uncompressed from 0 compressed bytes")
        let inspection = try ArchiveInspector.inspect(reader).get()
        #expect(inspection.entries.map { $0.problems.map(\.rule) } == [[], [.unreadable]])
    }

    @Test(arguments: [(UInt32(6), UInt32(0), ArchiveError.Rule.unreadable), (0, 0x1234_5678, .badChecksum), (6, 0xB61F_1169, .unreadable)])
    func fileWithNoCompressedBytesButASizeOrCRCIsRefused(size: UInt32, crc: UInt32, rule: ArchiveError.Rule) throws {
        // Without the pre-flight libarchive delivers such a file as empty, whatever it declares.
        var zip = ZipBuilder()
        zip.addStored("ok.txt", Data("fine".utf8))
        zip.addDeflated("gone.txt", deflated: Data(), claimedSize: size, claimedCRC: crc)
        zip.addStored("empty.txt", Data())  // 0 bytes, CRC 0: nothing missing
        let reader = try ArchiveReader(data: zip.finished(), name: "gone.zip")
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "gone.txt") }
        #expect(error.rule == rule)
        #expect(error.entry == "gone.txt")
        let inspection = try ArchiveInspector.inspect(reader).get()
        #expect(inspection.entries.map { $0.problems.map(\.rule) } == [[], [rule], []])
    }

    // MARK: - Entries of many blocks

    /// One entry written as a streaming writer does: flag bit 3, CRC and sizes 0 in the local header,
    /// the central directory CRC `centralCRC` (0 by default), the CRC in the descriptor after the data.
    private func descriptorZip(_ name: String, stored data: Data, method: UInt16 = 0, size: Int, descriptorCRC: UInt32,
                               centralCRC: UInt32 = 0) -> Data
    {
        let nameBytes = Data(name.utf8)
        var out = Data()
        out.le32(0x0403_4b50); out.le16(20); out.le16(0x0808); out.le16(method); out.le16(0); out.le16(0x21)
        out.le32(0); out.le32(0); out.le32(0)
        out.le16(UInt16(nameBytes.count)); out.le16(0)
        out.append(nameBytes); out.append(data)
        out.le32(0x0807_4b50); out.le32(descriptorCRC); out.le32(UInt32(data.count)); out.le32(UInt32(size))
        let centralOffset = UInt32(out.count)
        var central = Data()
        central.le32(0x0201_4b50); central.le16(0x0314); central.le16(20); central.le16(0x0808); central.le16(method)
        central.le16(0); central.le16(0x21)
        central.le32(centralCRC); central.le32(UInt32(data.count)); central.le32(UInt32(size))
        central.le16(UInt16(nameBytes.count)); central.le16(0); central.le16(0); central.le16(0); central.le16(0)
        central.le32(0o100644 << 16); central.le32(0)
        central.append(nameBytes)
        out.append(central)
        out.le32(0x0605_4b50); out.le16(0); out.le16(0); out.le16(1); out.le16(1)
        out.le32(UInt32(central.count)); out.le32(centralOffset); out.le16(0)
        return out
    }

    /// Readers over the same bytes from memory and from a file (which libarchive reads in 64 KiB blocks).
    private func readers(_ data: Data, name: String, in folder: URL) throws -> [ArchiveReader] {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return try [ArchiveReader(data: data, name: name), ArchiveReader(contentsOf: url)]
    }

    @Test(arguments: [false, true])
    func largeEntriesAreDeliveredWholeAndChecked(deflated: Bool) throws {
        // Many libarchive blocks: libarchive's CRC warning comes with the last one, whatever the read size.
        let content: Data
        let zip: Data
        if deflated {
            content = Data("head".utf8) + Data(count: 1 << 20)
            zip = descriptorZip("big.bin", stored: deflateFixedHuffman(prefix: Data("head".utf8), zeros: 1 << 20), method: 8,
                                size: content.count, descriptorCRC: crc32(content))
        } else {
            content = Data((0..<600_000).map { UInt8(truncatingIfNeeded: $0 &* 7 % 251) })
            zip = descriptorZip("big.bin", stored: content, size: content.count, descriptorCRC: crc32(content))
        }
        let folder = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: folder) }
        for reader in try readers(zip, name: "big.zip", in: folder) {
            #expect(try reader.data(of: "big.bin") == content)
            for chunkSize in [1000, 1 << 20, 16 << 20] {
                var read = Data()
                try reader.forEachEntry { _, stream in
                    while let chunk = try stream.read(maxLength: chunkSize) { read.append(chunk) }
                }
                #expect(read == content, "chunks of \(chunkSize)")
            }
            let inspection = try ArchiveInspector.inspect(reader).get()
            #expect(inspection.isClean, "\(inspection.allProblems)")
            #expect(inspection.entries.first?.bytesRead == Int64(content.count))
        }

        let wrong = descriptorZip("big.bin", stored: deflated ? deflateFixedHuffman(prefix: Data("head".utf8), zeros: 1 << 20) : content,
                                  method: deflated ? 8 : 0, size: content.count, descriptorCRC: crc32(content) ^ 1)
        for reader in try readers(wrong, name: "wrong.zip", in: folder) {
            let error = try #require(throws: ArchiveError.self) { try reader.data(of: "big.bin") }
            #expect(error.rule == .badChecksum)
            #expect(error.detail.contains("\(content.count) bytes, its data descriptor gives"))
        }
    }
}
