import ArchiveIO
import Foundation
import Testing

/// One file whose content the test knows: its size, CRC-32 and first bytes.
struct KnownFile: Sendable {
    let path: String
    let size: Int
    let crc: UInt32
    let prefix: String
}

/// What reading one valid corpus file must give.
struct ValidCase: Sendable, CustomTestStringConvertible {
    let file: String
    let format: ArchiveFormat
    let paths: [String]
    var password: String?
    let known: [KnownFile]
    var testDescription: String { file }
}

private let lorem4140 = "Lorem ipsum dolor sit am"

let validCases: [ValidCase] = [
    ValidCase(file: "TestData.7z", format: .sevenZip,
              paths: ["TestData", "TestData/Foo", "TestData/Foo/Bar", "TestData/Foo/Bar/Lorem.txt", "TestData/Foo/Lorem.txt", "TestData/Lorem.txt"],
              known: [KnownFile(path: "TestData/Foo/Bar/Lorem.txt", size: 4148, crc: 0x6003_899D, prefix: lorem4140)]),
    ValidCase(file: "TestData.tar.gz", format: .tarGzip,
              paths: ["TestData", "TestData/._.DS_Store", "TestData/.DS_Store", "TestData/Foo", "TestData/Lorem.txt",
                      "TestData/Foo/Lorem.txt", "TestData/Foo/Bar", "TestData/Foo/Bar/Lorem.txt"],
              known: [KnownFile(path: "TestData/Lorem.txt", size: 4140, crc: 0x33F1_184A, prefix: lorem4140),
                      KnownFile(path: "TestData/._.DS_Store", size: 120, crc: 0x38C0_880B, prefix: "\0\u{05}\u{16}\u{07}\0\u{02}\0\0Mac OS X")]),
    ValidCase(file: "TestData.tar.xz", format: .tarXz,
              paths: ["TestData", "TestData/Foo", "TestData/Foo/Bar", "TestData/Foo/Bar/Dolor.txt", "TestData/Foo/Ipsum.txt", "TestData/Lorem.txt"],
              known: [KnownFile(path: "TestData/Foo/Bar/Dolor.txt", size: 4148, crc: 0x6003_899D, prefix: lorem4140)]),
    ValidCase(file: "TestData.zip", format: .zip,
              paths: ["TestData", "TestData/.DS_Store", "__MACOSX/TestData/._.DS_Store", "TestData/Foo", "TestData/Lorem.txt",
                      "TestData/Foo/Lorem.txt", "TestData/Foo/Bar", "TestData/Foo/Bar/Lorem.txt"],
              known: [KnownFile(path: "TestData/Foo/Bar/Lorem.txt", size: 4140, crc: 0x33F1_184A, prefix: lorem4140),
                      KnownFile(path: "TestData/.DS_Store", size: 6148, crc: 0x0CBB_4B2B, prefix: "\0\0\0\u{01}Bud1")]),
    // Password from microsoft/RecursiveExtractor's tests (TestArchivePasswords: "EncryptedAes.zip" → "TestData").
    ValidCase(file: "TestDataEncryptedAES.zip", format: .zip,
              paths: ["TestData", "TestData/Foo", "TestData/Foo/Bar", "TestData/Foo/Bar/Lorem.txt", "TestData/Foo/Lorem.txt", "TestData/Lorem.txt"],
              password: "TestData",
              known: [KnownFile(path: "TestData/Lorem.txt", size: 4148, crc: 0x6003_899D, prefix: lorem4140)]),
    // ZIPFoundation's streaming writer: flag bit 3, CRC 0 in the central directory, the real CRC only in
    // each entry's data descriptor, against which the reader checks the data instead.
    ValidCase(file: "testExtractCompressedDataDescriptorArchive.zip", format: .zip, paths: ["-", "second.txt"],
              known: [KnownFile(path: "second.txt", size: 6, crc: 0xB61F_1169, prefix: "second"),
                      KnownFile(path: "-", size: 0, crc: 0, prefix: "")]),
    ValidCase(file: "testExtractMSDOSArchive.zip", format: .zip, paths: ["test.txt"],
              known: [KnownFile(path: "test.txt", size: 4, crc: 0xD87F_7E0C, prefix: "test")]),
    ValidCase(file: "testExtractUncompressedZIP64Entries.zip", format: .zip, paths: ["testExtractUncompressedZIP64Entries.png"],
              known: [KnownFile(path: "testExtractUncompressedZIP64Entries.png", size: 976, crc: 0xDC29_9BB7, prefix: "\u{89}PNG")]),
]

/// Valid-folder files that break one of the gateway's rules; each has its own test below.
let validButRefused = ["testUnzipItem.zip"]

@Suite("Valid corpus")
struct ReaderValidCorpusTests {
    @Test func everyValidFileHasAnExpectation() {
        #expect(Set(Corpus.files(in: "valid")) == Set(validCases.map(\.file) + validButRefused))
    }

    @Test(arguments: validCases)
    func readsWithTheExpectedContents(_ expected: ValidCase) throws {
        let url = Corpus.valid(expected.file)
        let reader = try ArchiveReader(contentsOf: url, password: expected.password)
        #expect(reader.format == expected.format)
        let entries = try reader.entries()
        #expect(entries.map(\.path) == expected.paths)
        #expect(entries.allSatisfy { $0.kind == .file || $0.kind == .directory })

        for known in expected.known {
            let entry = try #require(entries.first { $0.path == known.path })
            #expect(entry.declaredSize == Int64(known.size))
            try check(reader.data(of: known.path), against: known)
        }

        // The same bytes read from memory give the same entries.
        let fromMemory = try ArchiveReader(data: Data(contentsOf: url), name: expected.file, password: expected.password)
        #expect(try fromMemory.entries() == entries)

        // Streaming sees every file whole.
        var streamed: [String: Int] = [:]
        try reader.forEachEntry { entry, stream in
            var count = 0
            while let chunk = try stream.read(maxLength: 1000) {
                #expect(chunk.count <= 1000)
                count += chunk.count
            }
            #expect(stream.isAtEnd)
            if entry.kind == .file { streamed[entry.path] = count }
        }
        for entry in entries where entry.kind == .file { #expect(streamed[entry.path] == entry.declaredSize.map(Int.init)) }

        // Extraction writes exactly the entries, files 0644 and folders 0755, nothing beside the target.
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("out")
        let written = try reader.extract(to: target)
        #expect(written == entries)
        #expect(listTree(parent) == ["out"] + treeWithParents(expected.paths).map { "out/\($0)" })
        for entry in entries {
            let attributes = try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent(entry.path).path)
            let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue
            #expect(permissions == (entry.kind == .directory ? 0o755 : 0o644), "\(entry.path)")
        }
        for known in expected.known { try check(Data(contentsOf: target.appendingPathComponent(known.path)), against: known) }

        // A clean inspection, with the actual sizes.
        let inspection = try ArchiveInspector.inspect(url, password: expected.password).get()
        #expect(inspection.isClean, "\(inspection.allProblems)")
        #expect(inspection.isComplete)
        #expect(inspection.format == expected.format)
        for known in expected.known {
            #expect(inspection.entries.first { $0.entry.path == known.path }?.bytesRead == Int64(known.size))
        }
    }

    @Test func aesZipNeedsTheRightPassword() throws {
        let url = Corpus.valid("TestDataEncryptedAES.zip")
        let locked = try ArchiveReader(contentsOf: url)
        // Listing needs no password: the names are not encrypted, the data is.
        #expect(try locked.entries().filter(\.isEncrypted).map(\.path)
            == ["TestData/Foo/Bar/Lorem.txt", "TestData/Foo/Lorem.txt", "TestData/Lorem.txt"])
        let missing = try #require(throws: ArchiveError.self) { try locked.data(of: "TestData/Lorem.txt") }
        #expect(missing.rule == .encrypted)
        #expect(missing.entry == "TestData/Lorem.txt")
        #expect(missing.detail.contains("Passphrase required"))

        let wrong = try ArchiveReader(contentsOf: url, password: "TheMagicWordIsRadish")  // the file's older password
        let error = try #require(throws: ArchiveError.self) { try wrong.data(of: "TestData/Lorem.txt") }
        #expect(error.rule == .wrongPassword)
        #expect(error.detail.contains("Incorrect passphrase"))

        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(throws: ArchiveError.self) { try wrong.extract(to: parent.appendingPathComponent("out")) }
        #expect(listTree(parent) == [])
    }

    @Test func zipWithSymlinksIsRefusedButEverythingElseInItIsSound() throws {
        // testUnzipItem.zip (ZIPFoundation) holds three symlinks; the gateway never accepts links.
        let url = Corpus.valid("testUnzipItem.zip")
        let reader = try ArchiveReader(contentsOf: url)
        let error = try #require(throws: ArchiveError.self) { try reader.entries() }
        #expect(error.rule == .linkEntry)
        #expect(error.entry == "aLink")
        #expect(error.detail == "symbolic link to 'faust.txt'")

        let inspection = try ArchiveInspector.inspect(url).get()
        let flagged = inspection.entries.filter { !$0.problems.isEmpty }
        #expect(flagged.map(\.entry.path) == ["aLink", "nested/nestedLink", "testLink"])
        #expect(flagged.allSatisfy { $0.problems.map(\.rule) == [.linkEntry] && $0.entry.kind == .symlink && $0.bytesRead == 0 })
        #expect(inspection.entries.count == 18)
        let sizes = Dictionary(uniqueKeysWithValues: inspection.entries.map { ($0.entry.path, $0.bytesRead) })
        #expect(sizes["faust.txt"] == 222_214)
        #expect(sizes["nested/deep/another.random"] == 1_048_576)
        #expect(inspection.entries.first { $0.entry.path == "faust.txt" }?.compressedSize == 86336)
    }

    @Test func zipWithSymlinksHasEveryRegularEntryWholeAndChecked() throws {
        // Links stay refused; the inspector still reads every other entry to its end, where libarchive
        // checks its CRC (a mismatch would be a badChecksum problem, as for hostile/testCRC32Check.zip).
        let inspection = try ArchiveInspector.inspect(Corpus.valid("testUnzipItem.zip")).get()
        #expect(inspection.isComplete)
        #expect(inspection.problems.isEmpty)
        #expect(Set(inspection.allProblems.map(\.rule)) == [.linkEntry])
        let regular = inspection.entries.filter { $0.entry.kind != .symlink }
        #expect(regular.count == 15)
        for report in regular {
            #expect(report.problems.isEmpty, "\(report.entry.path): \(report.problems)")
            #expect(report.entry.kind == .file || report.entry.kind == .directory)
            if report.entry.kind == .file {
                #expect(report.bytesRead == report.entry.declaredSize, "\(report.entry.path)")
            }
        }
        // Every file's central directory CRC is set (none is 0), so libarchive checked all eight.
        let files = regular.filter { $0.entry.kind == .file }
        #expect(files.count == 8)
        #expect(files.reduce(Int64(0)) { $0 + $1.bytesRead } == 2_554_116)
    }

    /// The paths plus every folder they imply ("a/b/c" implies "a" and "a/b"), sorted.
    private func treeWithParents(_ paths: [String]) -> [String] {
        var all = Set<String>()
        for path in paths {
            let parts = path.split(separator: "/")
            for end in 1...parts.count { all.insert(parts[..<end].joined(separator: "/")) }
        }
        return all.sorted()
    }

    private func check(_ data: Data, against known: KnownFile) throws {
        #expect(data.count == known.size, "\(known.path)")
        #expect(crc32(data) == known.crc, "\(known.path)")
        #expect(data.starts(with: Data(known.prefix.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })), "\(known.path)")
    }
}
