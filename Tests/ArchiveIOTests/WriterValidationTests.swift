import ArchiveIO
import Foundation
import Testing

/// What `ArchiveWriter` refuses up front, before any byte is written.
@Suite struct WriterValidationTests {
    private func writer(_ format: ArchiveFormat = .zip, in scratch: WriterScratch) throws -> (ArchiveWriter, String) {
        let url = scratch.file("plan.\(format.rawValue)")
        return (try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format)), url.path)
    }

    @Test(arguments: [
        ("/etc/passwd", ArchiveWriteError.Reason.invalidPath(.absolute)),
        ("C:evil.txt", .invalidPath(.absolute)),
        ("../outside.txt", .invalidPath(.parentTraversal)),
        ("a/../b.txt", .invalidPath(.parentTraversal)),
        ("..\\outside.txt", .invalidPath(.parentTraversal)),
        ("", .invalidPath(.empty)),
        ("./", .invalidPath(.empty)),
        ("a\u{0}b", .invalidPath(.containsNUL)),
        ("meshes\\upper.stl", .nonCanonicalPath(canonical: "meshes/upper.stl")),
        ("./plan.json", .nonCanonicalPath(canonical: "plan.json")),
        ("meshes//upper.stl", .nonCanonicalPath(canonical: "meshes/upper.stl")),
        ("meshes/", .nonCanonicalPath(canonical: "meshes")),
    ])
    func unsafeOrNonCanonicalNamesAreRefused(name: String, reason: ArchiveWriteError.Reason) throws {
        let scratch = try WriterScratch()
        let (writer, archive) = try writer(in: scratch)
        #expect(throws: ArchiveWriteError(archive: archive, entry: name, reason: reason)) {
            try writer.add(name, data: Data("x".utf8))
        }
        #expect(throws: ArchiveWriteError(archive: archive, entry: name, reason: reason)) {
            try writer.add(name, size: 1) { nil }
        }
    }

    @Test func duplicateNamesAreRefusedIncludingAFolderOverAFile() throws {
        let scratch = try WriterScratch()
        let (writer, archive) = try writer(.tar, in: scratch)
        try writer.add("meshes", data: Data())
        try writer.add("plan.json", data: Data())
        #expect(throws: ArchiveWriteError(archive: archive, entry: "plan.json", reason: .duplicateEntry)) {
            try writer.add("plan.json", data: Data("again".utf8))
        }
        #expect(throws: ArchiveWriteError(archive: archive, entry: "meshes", reason: .duplicateEntry)) {
            try writer.addDirectory("meshes/")
        }
        // The refused entries are not recorded: the archive holds the first two only.
        #expect(try writer.finish().entries.map(\.path) == ["meshes", "plan.json"])
    }

    @Test(arguments: [
        (ArchiveWriteOptions(format: .tarGzip, password: "secret"),
         ArchiveWriteError.Reason.passwordNotSupported(.tarGzip)),
        (ArchiveWriteOptions(format: .tar, password: "secret"), .passwordNotSupported(.tar)),
        (ArchiveWriteOptions(format: .zip, password: ""), .emptyPassword),
        (ArchiveWriteOptions(format: .zip, compressionLevel: 0), .invalidCompressionLevel(0, allowed: 1...9)),
        (ArchiveWriteOptions(format: .tarGzip, compressionLevel: 10), .invalidCompressionLevel(10, allowed: 1...9)),
        (ArchiveWriteOptions(format: .tarXz, compressionLevel: -1), .invalidCompressionLevel(-1, allowed: 0...9)),
        (ArchiveWriteOptions(format: .tarZstd, compressionLevel: 20), .invalidCompressionLevel(20, allowed: 1...19)),
        (ArchiveWriteOptions(format: .tar, compressionLevel: 6), .compressionNotApplicable(.tar)),
        (ArchiveWriteOptions(format: .sevenZip), .unsupportedFormat(.sevenZip)),
        (ArchiveWriteOptions(format: .tarBzip2), .unsupportedFormat(.tarBzip2)),
        (ArchiveWriteOptions(format: .zip, modificationDate: Date(timeIntervalSince1970: 0)), .invalidDate),
        (ArchiveWriteOptions(format: .tar, modificationDate: Date(timeIntervalSince1970: 4_354_819_200)), .invalidDate),
    ])
    func optionsAFormatCannotHonourAreRefused(options: ArchiveWriteOptions, reason: ArchiveWriteError.Reason) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.out")
        #expect(throws: ArchiveWriteError(archive: url.path, reason: reason)) {
            try ArchiveWriter(creating: url, options: options)
        }
        #expect(try scratch.names().isEmpty)
    }

    @Test func theLastDOSInstantIsAccepted() throws {
        let scratch = try WriterScratch()
        // 2107-12-31T23:59:59Z
        let options = ArchiveWriteOptions(format: .zip, modificationDate: Date(timeIntervalSince1970: 4_354_819_199))
        let writer = try ArchiveWriter(creating: scratch.file("late.zip"), options: options)
        try writer.add("a.txt", data: Data("a".utf8))
        let record = try #require(zipRecords(try Data(contentsOf: try writer.finish().url)).first)
        #expect(record.dosDate == UInt16(127 << 9 | 12 << 5 | 31))
        #expect(record.dosTime == UInt16(23 << 11 | 59 << 5 | 29))
    }

    @Test func entryDeflateLevelsOutsideOneToNineAreRefused() throws {
        let scratch = try WriterScratch()
        let (writer, archive) = try writer(in: scratch)
        for level in [0, 10] {
            let expected = ArchiveWriteError(archive: archive, entry: "a", reason: .invalidCompressionLevel(level, allowed: 1...9))
            #expect(throws: expected) {
                try writer.add("a", data: Data(), compression: .deflate(level: level))
            }
        }
    }

    @Test func tarStreamsNeedASizeAndSizesCannotBeNegative() throws {
        let scratch = try WriterScratch()
        let (tar, tarPath) = try writer(.tarGzip, in: scratch)
        #expect(throws: ArchiveWriteError(archive: tarPath, entry: "mesh.stl", reason: .sizeRequired)) {
            try tar.add("mesh.stl", size: nil) { nil }
        }
        let (zip, zipPath) = try writer(.zip, in: scratch)
        try zip.add("unknown-size.stl", size: nil) { nil }  // zip may stream without a size
        #expect(throws: ArchiveWriteError(archive: zipPath, entry: "mesh.stl", reason: .invalidSize(-1))) {
            try zip.add("mesh.stl", size: -1) { nil }
        }
    }

    @Test func errorDescriptionsNameTheArchiveTheEntryAndTheRemedy() {
        let error = ArchiveWriteError(archive: "/out/plan.tar.gz", entry: "mesh.stl", reason: .sizeRequired)
        #expect(error.description == "/out/plan.tar.gz: mesh.stl: tar needs the entry's size before its data; pass size:")
        let exists = ArchiveWriteError(archive: "/out/plan.zip", reason: .targetExists)
        #expect(exists.description == "/out/plan.zip: the file exists; pass overwrite: true to replace it")
    }
}
