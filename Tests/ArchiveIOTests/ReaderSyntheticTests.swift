import ArchiveIO
import Foundation
import Testing

/// Header rules on hand-built archives, for cases the corpus lacks.
@Suite("Header rules on built archives")
struct ReaderSyntheticTests {
    private func firstError(_ data: Data, name: String = "built.tar", limits: ArchiveLimits = .default) throws -> ArchiveError {
        let reader = try ArchiveReader(data: data, name: name, limits: limits)
        return try #require(throws: ArchiveError.self) { try reader.entries() }
    }

    @Test(arguments: [
        (TarBuilder.Kind.characterDevice, ArchiveError.Rule.deviceEntry),
        (.blockDevice, .deviceEntry),
        (.fifo, .deviceEntry),
        (.symlink, .linkEntry),
        (.hardlink, .linkEntry),
    ])
    func specialEntriesAreRefused(kind: TarBuilder.Kind, rule: ArchiveError.Rule) throws {
        var tar = TarBuilder()
        tar.add("ok.txt", Data("fine".utf8))
        tar.add("special", kind: kind, link: kind == .symlink || kind == .hardlink ? "ok.txt" : "")
        let error = try firstError(tar.finished())
        #expect(error.rule == rule)
        #expect(error.entry == "special")
        #expect(error.archive == "built.tar")
    }

    @Test(arguments: [
        (["a.txt", "a.txt"], "a.txt"),
        (["a.txt", "./a.txt"], "./a.txt"),
        (["d/x.txt", "d//x.txt"], "d//x.txt"),
        (["d/", "d"], "d"),  // a file and a folder called d
        (["d/x.txt", "d"], "d"),  // a file where a folder is implied
        (["d", "d/x.txt"], "d/x.txt"),  // a folder path through a file
    ])
    func duplicatesAfterNormalizationAreRefused(names: [String], offender: String) throws {
        var tar = TarBuilder()
        for name in names {
            if name.hasSuffix("/") { tar.add(name, kind: .directory) } else { tar.add(name, Data("x".utf8)) }
        }
        let error = try firstError(tar.finished())
        #expect(error.rule == .duplicateName)
        #expect(error.entry == offender)
    }

    @Test func namesDifferingOnlyInCaseAreDistinct() throws {
        var tar = TarBuilder()
        tar.add("Plan.json", Data("1".utf8))
        tar.add("plan.json", Data("2".utf8))
        #expect(try ArchiveReader(data: tar.finished(), name: "case.tar").entries().map(\.path) == ["Plan.json", "plan.json"])
    }

    @Test func rootFolderEntryIsIgnoredButAFileCalledDotIsNot() throws {
        var tar = TarBuilder()
        tar.add("./", kind: .directory)
        tar.add("./stage1.stl", Data("solid".utf8))
        let reader = try ArchiveReader(data: tar.finished(), name: "dot.tar")
        #expect(try reader.entries().map(\.path) == ["stage1.stl"])

        var dotFile = TarBuilder()
        dotFile.add(".", Data("x".utf8))
        #expect(try firstError(dotFile.finished()).rule == .invalidPath)
    }

    @Test func pathDepthAndLengthLimits() throws {
        var deep = TarBuilder()
        deep.add(Array(repeating: "d", count: 33).joined(separator: "/"), Data("x".utf8))
        let depth = try firstError(deep.finished())
        #expect(depth.rule == .pathTooDeep)
        #expect(depth.detail == "33 components, limit 32")
        var fine = TarBuilder()
        fine.add(Array(repeating: "d", count: 32).joined(separator: "/"), Data("x".utf8))
        #expect(try ArchiveReader(data: fine.finished(), name: "ok.tar").entries().count == 1)

        var long = TarBuilder()
        long.add(String(repeating: "n", count: 1025), Data("x".utf8))  // through a GNU long-name record
        let length = try firstError(long.finished())
        #expect(length.rule == .pathTooLong)
        #expect(length.detail == "1025 bytes, limit 1024")
    }

    @Test func absoluteAndTraversalNamesInTar() throws {
        var absolute = TarBuilder()
        absolute.add("/etc/cron.d/evil", Data("x".utf8))
        #expect(try firstError(absolute.finished()).rule == .absolutePath)
        var traversal = TarBuilder()
        traversal.add("stages/../../evil", Data("x".utf8))
        #expect(try firstError(traversal.finished()).rule == .parentTraversal)
    }

    @Test func nonUTF8NameIsInvalidPath() throws {
        var tar = TarBuilder()
        tar.add(rawName: Array("bad-".utf8) + [0xFF, 0xFE] + Array(".stl".utf8), Data("x".utf8))
        let error = try firstError(tar.finished())
        #expect(error.rule == .invalidPath)
        #expect(error.detail == "name is not valid UTF-8")
    }

    @Test func utf8NamesAreKept() throws {
        var tar = TarBuilder()
        tar.add("Zähne/Oberkiefer €.stl", Data("x".utf8))
        var zip = ZipBuilder()
        zip.addStored("Zähne/Oberkiefer €.stl", Data("x".utf8))
        #expect(try ArchiveReader(data: tar.finished(), name: "u.tar").entries().map(\.path) == ["Zähne/Oberkiefer €.stl"])
        #expect(try ArchiveReader(data: zip.finished(), name: "u.zip").entries().map(\.path) == ["Zähne/Oberkiefer €.stl"])
    }

    @Test(arguments: [
        ("C:\\Windows\\evil.dll", ArchiveError.Rule.absolutePath),
        ("\\\\server\\share\\evil", .absolutePath),
        ("..\\evil", .parentTraversal),
        ("a/../../evil", .parentTraversal),
    ])
    func windowsStyleZipNamesAreRefused(name: String, rule: ArchiveError.Rule) throws {
        var zip = ZipBuilder()
        zip.addStored("ok.txt", Data("ok".utf8))
        zip.addStored(name, Data("evil".utf8), unixMode: nil)  // made by MS-DOS
        let error = try firstError(zip.finished(), name: "win.zip")
        #expect(error.rule == rule)
    }

    @Test func duplicateZipNamesAreRefused() throws {
        var zip = ZipBuilder()
        zip.addStored("plan.json", Data("{}".utf8))
        zip.addStored("plan.json", Data("{\"evil\":1}".utf8))
        let error = try firstError(zip.finished(), name: "dup.zip")
        #expect(error.rule == .duplicateName)
        #expect(error.entry == "plan.json")
    }

    @Test func entryCountLimit() throws {
        let limits = ArchiveLimits(maxEntries: 3)
        var tar = TarBuilder()
        for index in 0..<5 { tar.add("f\(index)", Data("x".utf8)) }
        let error = try firstError(tar.finished(), limits: limits)
        #expect(error.rule == .tooManyEntries)
        #expect(error.entry == "f3")

        // A zip's central directory gives the count away before any entry is read.
        let zipError = try #require(throws: ArchiveError.self) {
            try ArchiveReader(contentsOf: Corpus.valid("TestData.zip"), limits: limits).entries()
        }
        #expect(zipError.rule == .tooManyEntries)
        #expect(zipError.entry == nil)
    }

    @Test func declaredSizesAreCheckedBeforeReading() throws {
        var tar = TarBuilder()
        tar.add("a.bin", Data(count: 3000))
        tar.add("b.bin", Data(count: 3000))
        let perEntry = try firstError(tar.finished(), limits: ArchiveLimits(maxEntryBytes: 2000))
        #expect(perEntry.rule == .entryTooLarge)
        #expect(perEntry.entry == "a.bin")
        let total = try firstError(tar.finished(), limits: ArchiveLimits(maxTotalBytes: 5000))
        #expect(total.rule == .totalTooLarge)
        #expect(total.entry == "b.bin")
    }

    @Test func truncatedAndDamagedTar() throws {
        var tar = TarBuilder()
        tar.add("a.bin", Data(repeating: 7, count: 5000))
        tar.add("b.bin", Data(repeating: 8, count: 100))
        let whole = tar.finished()

        // Cut inside a.bin's data.
        let cut = try ArchiveReader(data: whole.prefix(2048), name: "cut.tar")
        let truncated = try #require(throws: ArchiveError.self) { try cut.data(of: "a.bin") }
        #expect(truncated.rule == .truncated)
        #expect(truncated.entry == "a.bin")

        // Flip a byte of b.bin's header: its checksum no longer matches.
        var damaged = whole
        let secondHeader = 512 + 5120
        damaged[secondHeader + 10] ^= 0x20
        let reader = try ArchiveReader(data: damaged, name: "damaged.tar")
        let error = try #require(throws: ArchiveError.self) { try reader.entries() }
        #expect(error.rule == .badChecksum)
    }

    @Test func dataOfChecksItsArgumentAndTheEntryKind() throws {
        var tar = TarBuilder()
        tar.add("stages/", kind: .directory)
        tar.add("stages/01.stl", Data("solid a".utf8))
        let reader = try ArchiveReader(data: tar.finished(), name: "plan.tar")
        #expect(try reader.data(of: "./stages//01.stl") == Data("solid a".utf8))
        #expect(throws: ArchiveError(archive: "plan.tar", entry: "stages/02.stl", rule: .entryNotFound, detail: "no file entry 'stages/02.stl'")) {
            try reader.data(of: "stages/02.stl")
        }
        #expect(throws: ArchiveError(archive: "plan.tar", entry: "stages", rule: .entryNotFound, detail: "'stages' is a directory")) {
            try reader.data(of: "stages")
        }
        let escaping = try #require(throws: ArchiveError.self) { try reader.data(of: "../x") }
        #expect(escaping.rule == .parentTraversal)
    }

    @Test func forEachEntryRethrowsTheBodysErrorAndStreamsDieWithTheBody() throws {
        struct Stop: Error, Equatable {}
        var tar = TarBuilder()
        tar.add("a.txt", Data("a".utf8))
        tar.add("b.txt", Data("b".utf8))
        let reader = try ArchiveReader(data: tar.finished(), name: "two.tar")
        var seen: [String] = []
        #expect(throws: Stop()) {
            try reader.forEachEntry { entry, _ in
                seen.append(entry.path)
                throw Stop()
            }
        }
        #expect(seen == ["a.txt"])

        var kept: EntryStream?
        try reader.forEachEntry { entry, stream in if entry.path == "a.txt" { kept = stream } }
        let escaped = try #require(kept)
        #expect(throws: ArchiveError.self) { try escaped.read() }

        // A body that catches a data error and carries on does not make the archive acceptable.
        let locked = try ArchiveReader(contentsOf: Corpus.valid("TestDataEncryptedAES.zip"))
        let swallowed = try #require(throws: ArchiveError.self) {
            try locked.forEachEntry { _, stream in _ = try? stream.readAll() }
        }
        #expect(swallowed.rule == .encrypted)

        // Unread data is skipped; the next entry's data is still right.
        var contents: [String: Data] = [:]
        try reader.forEachEntry { entry, stream in if entry.path == "b.txt" { contents[entry.path] = try stream.readAll() } }
        #expect(contents == ["b.txt": Data("b".utf8)])
    }

    @Test func emptyAndNonArchiveInputs() throws {
        #expect(throws: ArchiveError(archive: "empty.zip", rule: .unreadable, detail: "empty file")) {
            try ArchiveReader(data: Data(), name: "empty.zip")
        }
        let text = try #require(throws: ArchiveError.self) { try ArchiveReader(data: Data("solid cube\n".utf8), name: "cube.stl") }
        #expect(text.rule == .unreadable)
        // A bare gzip stream of something that is not an archive.
        let gz = gzipWrap(deflateFixedHuffman(prefix: Data("just some text, not a tar".utf8), zeros: 0))
        let raw = try #require(throws: ArchiveError.self) { try ArchiveReader(data: gz, name: "notes.gz") }
        #expect(raw.rule == .unsupportedFormat)
        #expect(raw.detail == "Unrecognized archive format (inside gzip data)")
        // An empty tar (just the end blocks) is a valid, empty archive.
        #expect(try ArchiveReader(data: TarBuilder().finished(), name: "none.tar").entries().isEmpty)
        // A missing file.
        let missing = try #require(throws: ArchiveError.self) {
            try ArchiveReader(contentsOf: URL(fileURLWithPath: "/nonexistent/plan.zip"))
        }
        #expect(missing.rule == .unreadable)
        #expect(missing.archive == "plan.zip")
    }
}

@Suite("Formats from content")
struct ReaderFormatTests {
    @Test func tarZstdAndTarBzip2AreDetectedFromTheirBytes() throws {
        var tar = TarBuilder()
        tar.add("case/stage01.stl", Data("solid stage01\nendsolid\n".utf8))
        // Names that lie about the format: detection looks only at content.
        let zst = try ArchiveReader(data: zstdRawFrame(tar.finished()), name: "plan.zip")
        #expect(zst.format == .tarZstd)
        #expect(try zst.data(of: "case/stage01.stl") == Data("solid stage01\nendsolid\n".utf8))

        #expect(!tinyTarBz2.isEmpty)
        let bz2 = try ArchiveReader(data: tinyTarBz2, name: "plan.7z")
        #expect(bz2.format == .tarBzip2)
        #expect(try bz2.data(of: "case/stage01.stl") == Data("solid stage01\nendsolid\n".utf8))

        let plain = try ArchiveReader(data: tar.finished(), name: "plan.tar.gz")
        #expect(plain.format == .tar)
    }

    @Test func aZipInsideGzipIsNotAFormatWeTake() throws {
        var zip = ZipBuilder()
        zip.addStored("a.txt", Data("a".utf8))
        let gz = gzipWrap(deflateFixedHuffman(prefix: zip.finished(), zeros: 0))
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(data: gz, name: "plan.zip.gz") }
        #expect(error.rule == .unsupportedFormat)
    }

    @Test func aFIFOAtThePathIsRefusedWithoutBlocking() throws {
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let fifo = parent.appendingPathComponent("plan.zip")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(contentsOf: fifo) }
        #expect(error.rule == .unreadable)
        #expect(error.detail == "not a regular file")
    }
}
