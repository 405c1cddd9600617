import CZip
import Foundation
import Testing
@testable import ArchiveIO

/// WinZip AES zips read by the parallel reader (every entry decrypted on a worker): the same files as
/// libarchive's pass, and a wrong password, a damaged ciphertext, a damaged code or a wrong CRC refused
/// with a typed error naming the entry — first in archive order, whichever worker met it.
@Suite struct ConcurrentReaderAESTests {
    static let password = "correct horse battery staple"

    /// Our writer's AES zip: deflated, stored, multi-refill, streamed and empty entries.
    static func sealedZip(_ scratch: WriterScratch) throws -> (URL, [String: Data]) {
        let url = scratch.file("sealed.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, password: password))
        var expected: [String: Data] = [:]
        for entry in sampleEntries {
            try writer.add(entry.path, data: entry.data)
            expected[entry.path] = entry.data
        }
        let big = sampleBytes(3 << 20, seed: 7)  // past one 64 KiB keystream refill many times
        try writer.add("big.stl", size: Int64(big.count), produce: { big })
        try writer.add("stored.bin", data: sampleBytes(70_001, seed: 8), compression: .store)
        let streamed = ChunkProducer(count: 5, size: 10_007)
        try writer.add("streamed.stl", size: nil, chunks: streamed.next)
        _ = try writer.finish()
        expected["big.stl"] = big
        expected["stored.bin"] = sampleBytes(70_001, seed: 8)
        expected["streamed.stl"] = streamed.expected()
        return (url, expected)
    }

    /// Where entry `name`'s data (salt … code) lies in the zip `bytes`, from its central record and local header.
    static func dataRange(of name: String, in bytes: [UInt8]) throws -> Range<Int> {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        var end = bytes.count - 22
        while end > 0, u32(end) != 0x0605_4B50 { end -= 1 }
        var at = u32(end + 16)
        for _ in 0..<u16(end + 10) {
            let nameLength = u16(at + 28)
            if String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self) == name {
                let local = u32(at + 42)
                let start = local + 30 + u16(local + 26) + u16(local + 28)
                return start..<(start + u32(at + 20))
            }
            at += 46 + nameLength + u16(at + 30) + u16(at + 32)
        }
        throw ArchiveError(archive: "test", entry: name, rule: .entryNotFound, detail: "no record")
    }

    /// The last header with `signature` whose name (at `nameAt`) is `name`, starting before `limit`.
    static func header(_ signature: [UInt8], nameAt: Int, named name: String, in bytes: [UInt8], before limit: Int) -> Int? {
        let nameBytes = Array(name.utf8)
        var at = min(limit, bytes.count - nameAt - nameBytes.count) - 1
        while at >= 0 {
            let matches = bytes[at..<(at + 4)].elementsEqual(signature)
            if matches, bytes[(at + nameAt)..<(at + nameAt + nameBytes.count)].elementsEqual(nameBytes) { return at }
            at -= 1
        }
        return nil
    }

    @Test(arguments: [1, 2, 4])
    func aesEntriesAreDecryptedOnEveryWorkerWithLibarchivesBytes(_ workers: Int) throws {
        let scratch = try WriterScratch()
        let (url, expected) = try Self.sealedZip(scratch)
        let reader = try ArchiveReader(contentsOf: url, password: Self.password)
        let (result, summary) = concurrent(reader, workers: workers)
        #expect(result == .files(expected))
        #expect(summary?.parallel == true, "AES entries take the random-access path")
        #expect(sequential(reader) == .files(expected), "libarchive reads the same bytes")
        let encrypted = Collected()
        try reader.forEachEntryConcurrently(workers: workers) { entry, _ in
            encrypted.add(entry.path, Data([entry.isEncrypted ? 1 : 0]))
        }
        #expect(encrypted.all.values.allSatisfy { $0 == Data([1]) })
        #expect(try reader.verify(workers: workers).parallel)
    }

    @Test func aWrongPasswordIsWrongPasswordNamingTheFirstEntry() throws {
        let scratch = try WriterScratch()
        let (url, _) = try Self.sealedZip(scratch)
        let reader = try ArchiveReader(contentsOf: url, password: "wrong")
        #expect(concurrent(reader).0 == .refused(.wrongPassword, entry: sampleEntries[0].path))
        #expect(verified(reader) == .refused(.wrongPassword, entry: sampleEntries[0].path))
    }

    @Test func noPasswordFallsBackToLibarchiveWhichSaysEncrypted() throws {
        let scratch = try WriterScratch()
        let (url, _) = try Self.sealedZip(scratch)
        let (result, _) = concurrent(try ArchiveReader(contentsOf: url))
        guard case .refused(let rule, _) = result else { Issue.record("read without a password: \(result)"); return }
        #expect(rule == .encrypted)
    }

    /// A byte flipped in the ciphertext, or in the authentication code, fails the HMAC: `badChecksum`
    /// naming that entry, while libarchive refuses the same archive too.
    @Test(arguments: [("big.stl", 1000), ("stored.bin", 40), ("meshes/upper/stage-01.stl", -1)])
    func aDamagedEntryOrCodeIsBadChecksumNamingIt(_ name: String, _ offset: Int) throws {
        let scratch = try WriterScratch()
        let (url, _) = try Self.sealedZip(scratch)
        var bytes = [UInt8](try Data(contentsOf: url))
        let range = try Self.dataRange(of: name, in: bytes)
        bytes[offset >= 0 ? range.lowerBound + 18 + offset : range.upperBound + offset] ^= 0x20  // past salt + verifier; -1: the code
        let damaged = scratch.file("damaged.zip")
        try Data(bytes).write(to: damaged)
        let reader = try ArchiveReader(contentsOf: damaged, password: Self.password)
        #expect(concurrent(reader).0 == .refused(.badChecksum, entry: name))
        #expect(verified(reader) == .refused(.badChecksum, entry: name))
        guard case .refused = sequential(reader) else { Issue.record("libarchive read the damaged \(name)"); return }
    }

    /// AE-1 keeps the plaintext's CRC: a CRC changed in both headers (data and code intact) is refused.
    @Test func anAE1EntryWhoseCRCDoesNotMatchIsBadChecksum() throws {
        let scratch = try WriterScratch()
        let (url, _) = try Self.sealedZip(scratch)
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = "meshes/upper/stage-00.stl"
        let range = try Self.dataRange(of: name, in: bytes)
        // The local header's CRC (offset 14), then the central record's (offset 16).
        let localStart = try #require(Self.header([0x50, 0x4B, 0x03, 0x04], nameAt: 30, named: name, in: bytes, before: range.lowerBound))
        bytes[localStart + 14] ^= 0x01
        let central = try #require(Self.header([0x50, 0x4B, 0x01, 0x02], nameAt: 46, named: name, in: bytes, before: bytes.count))
        bytes[central + 16] ^= 0x01
        let damaged = scratch.file("crc.zip")
        try Data(bytes).write(to: damaged)
        let reader = try ArchiveReader(contentsOf: damaged, password: Self.password)
        #expect(concurrent(reader).0 == .refused(.badChecksum, entry: name))
    }

    /// libzip's AES-128, -192 and -256 entries (an independent writer, other key strengths; libzip writes AE-2
    /// with the CRC kept) read in parallel.
    @Test(arguments: [UInt16(ZIP_EM_AES_128), UInt16(ZIP_EM_AES_192), UInt16(ZIP_EM_AES_256)])
    func libzipAESEntriesOfEveryStrengthAreRead(_ method: UInt16) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("libzip.zip")
        let files: [String: Data] = ["a.txt": sampleBytes(50_000, compressible: true), "b.bin": sampleBytes(9_999, seed: 4)]
        var code: Int32 = 0
        let archive = try #require(zip_open(url.path, ZIP_CREATE | ZIP_EXCL, &code))
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
            data.copyBytes(to: bytes)
            // libzip frees the buffer (freep 1) once the archive is written.
            let source = try #require(zip_source_buffer(archive, bytes.baseAddress, UInt64(data.count), 1))
            let index = zip_file_add(archive, name, source, UInt32(ZIP_FL_ENC_UTF_8))
            #expect(index >= 0)
            #expect(zip_file_set_encryption(archive, UInt64(index), method, Self.password) == 0)
        }
        #expect(zip_close(archive) == 0)
        let reader = try ArchiveReader(contentsOf: url, password: Self.password)
        let (result, summary) = concurrent(reader)
        #expect(result == .files(files))
        #expect(summary?.parallel == true)
        #expect(concurrent(try ArchiveReader(contentsOf: url, password: "nope")).0 == .refused(.wrongPassword, entry: "a.txt"))
    }
}
