import ArchiveIO
import Foundation
import Testing

/// Hand-made zips whose central directory could be read two ways (count short of the records, size
/// not ending at the end record, an end record hidden in a comment, prepended data) or whose entries
/// carry an Info-ZIP Unicode Path: the concurrent reader must give libarchive's verdict on each, and
/// must not have read them by random access (the catalog refuses anything it cannot pin down).
///
/// The verdict helpers (`sequential`, `concurrent`, `verified`) are in ConcurrentReaderTests.swift.
@Suite("Concurrent reading: the catalog sees libarchive's archive or none")
struct ConcurrentReaderCatalogPinningTests {
    /// One stored entry: local header fields and both extra fields under the test's control.
    struct Entry {
        var name: String
        var data: Data
        var localExtra = Data()
        var centralExtra = Data()
    }

    /// A zip's parts, so a test can reassemble them wrongly on purpose.
    struct Parts {
        var locals = Data()
        /// Every central record, in order.
        var records: [Data] = []
        var directory: Data { records.reduce(Data(), +) }

        init(_ entries: [Entry], base: Int = 0) {
            for entry in entries {
                let offset = UInt32(base + locals.count)
                let name = Data(entry.name.utf8), crc = crc32(entry.data), size = UInt32(entry.data.count)
                locals.le32(0x0403_4b50); locals.le16(20); locals.le16(0x0800); locals.le16(0); locals.le16(0); locals.le16(0x21)
                locals.le32(crc); locals.le32(size); locals.le32(size)
                locals.le16(UInt16(name.count)); locals.le16(UInt16(entry.localExtra.count))
                locals.append(name); locals.append(entry.localExtra); locals.append(entry.data)

                var record = Data()
                record.le32(0x0201_4b50); record.le16(0x0314); record.le16(20); record.le16(0x0800); record.le16(0); record.le16(0)
                record.le16(0x21); record.le32(crc); record.le32(size); record.le32(size)
                record.le16(UInt16(name.count)); record.le16(UInt16(entry.centralExtra.count)); record.le16(0); record.le16(0)
                record.le16(0); record.le32(0o100644 << 16); record.le32(offset)
                record.append(name); record.append(entry.centralExtra)
                records.append(record)
            }
        }
    }

    static func endRecord(count: Int, size: Int, offset: Int, comment: Data = Data()) -> Data {
        var end = Data()
        end.le32(0x0605_4b50); end.le16(0); end.le16(0); end.le16(UInt16(count)); end.le16(UInt16(count))
        end.le32(UInt32(size)); end.le32(UInt32(offset)); end.le16(UInt16(comment.count))
        end.append(comment)
        return end
    }

    static func zip(_ entries: [Entry]) -> Data {
        let parts = Parts(entries)
        return parts.locals + parts.directory + endRecord(count: entries.count, size: parts.directory.count, offset: parts.locals.count)
    }

    /// An Info-ZIP Unicode Path field: version 1, the CRC of the header name, the name to use instead.
    static func unicodePath(_ path: String, for headerName: String) -> Data {
        var field = Data()
        field.le16(0x7075); field.le16(UInt16(5 + path.utf8.count)); field.append(1)
        field.le32(crc32(Data(headerName.utf8))); field.append(Data(path.utf8))
        return field
    }

    static let model = "3D/3dmodel.model"

    /// The concurrent reader and the verifier agree with libarchive; when the archive is accepted,
    /// it was not read in parallel. Returns libarchive's verdict.
    @discardableResult
    static func expectStreamedAgreement(_ bytes: Data, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ReadOutcome {
        let reader = try ArchiveReader(data: bytes, name: name)
        let reference = sequential(reader)
        let (parallel, summary) = concurrent(reader)
        #expect(parallel == reference, "\(name): concurrent \(parallel), streaming \(reference)", sourceLocation: sourceLocation)
        #expect(sameVerdict(verified(reader), reference), "\(name): verify disagrees", sourceLocation: sourceLocation)
        if case .files = reference {
            #expect(summary?.parallel == false, "\(name) was read in parallel", sourceLocation: sourceLocation)
            #expect((try? reader.verify(workers: 2))?.parallel == false, "\(name) was verified in parallel", sourceLocation: sourceLocation)
        }
        return reference
    }

    @Test func theSameEntriesWellFormedAreReadInParallel() throws {
        // The control: every crafted zip below is this one (or its like) damaged in one way.
        let bytes = Self.zip([Entry(name: "a.txt", data: Data("alpha".utf8)), Entry(name: "b.txt", data: Data("bravo".utf8))])
        let reader = try ArchiveReader(data: bytes, name: "control.zip")
        let (parallel, summary) = concurrent(reader)
        #expect(summary?.parallel == true)
        #expect(parallel == sequential(reader))
        #expect(parallel == .files(["a.txt": Data("alpha".utf8), "b.txt": Data("bravo".utf8)]))
    }

    /// The end record counts one entry, the directory holds two: libarchive reads both.
    @Test(arguments: [["a.txt", "b.txt"], [model, model], [model, "../x"]])
    func aCountShortOfTheDirectorysRecordsIsLeftToLibarchive(_ names: [String]) throws {
        let parts = Parts(names.enumerated().map { Entry(name: $1, data: Data("entry \($0)".utf8)) })
        let bytes = parts.locals + parts.directory + Self.endRecord(count: 1, size: parts.directory.count, offset: parts.locals.count)
        let reference = try Self.expectStreamedAgreement(bytes, name: "short-count.zip")
        if names == ["a.txt", "b.txt"] { #expect(reference == .files(["a.txt": Data("entry 0".utf8), "b.txt": Data("entry 1".utf8)])) }
    }

    /// Two directories of one record each, back to back, of the same length; the end record's offset
    /// gives the first, its size the length of one. libarchive reads the `size` bytes before the end
    /// record (the second) and shifts its offsets by the difference: here onto a real second entry.
    @Test(arguments: [["a.txt", "b.txt"], [model, model], [model, "../3dmodel.model"]])
    func aDirectoryEndingBeforeTheEndRecordIsLeftToLibarchive(_ names: [String]) throws {
        let first = Parts([Entry(name: names[0], data: Data("entry 0".utf8))])
        let second = Entry(name: names[1], data: Data("entry 1".utf8))
        let filler = Data(count: 64)  // room for the second entry's shifted offset to stay positive
        let secondAt = first.locals.count + filler.count
        let shift = first.records[0].count
        try #require(Parts([second]).records[0].count == shift && secondAt >= shift)
        let locals = first.locals + filler + Parts([second]).locals
        let libarchives = Parts([second], base: secondAt - shift).records[0]
        let bytes = locals + first.records[0] + libarchives + Self.endRecord(count: 1, size: shift, offset: locals.count)
        let reference = try Self.expectStreamedAgreement(bytes, name: "short-size.zip")
        if names == ["a.txt", "b.txt"] { #expect(reference == .files(["b.txt": Data("entry 1".utf8)])) }
    }

    /// A genuine end record whose comment runs to EOF, hiding a later end record (the one libarchive
    /// takes) that describes only the second central record.
    @Test func anEndRecordInsideAnotherOnesCommentIsLeftToLibarchive() throws {
        let parts = Parts([Entry(name: "a.txt", data: Data("alpha".utf8)), Entry(name: "b.txt", data: Data("bravo".utf8))])
        let hidden = Self.endRecord(count: 1, size: parts.records[1].count, offset: parts.locals.count + parts.records[0].count)
        let outer = Self.endRecord(count: 2, size: parts.directory.count, offset: parts.locals.count, comment: hidden + Data("..".utf8))
        try Self.expectStreamedAgreement(parts.locals + parts.directory + outer, name: "hidden-end.zip")
    }

    /// The comment ends with an end signature libarchive does not scan (it starts 22 bytes before EOF).
    @Test func anEndSignatureInTheCommentIsLeftToLibarchive() throws {
        let parts = Parts([Entry(name: "a.txt", data: Data("alpha".utf8))])
        let comment = Data("note ".utf8) + Data([0x50, 0x4B, 0x05, 0x06])
        let bytes = parts.locals + parts.directory + Self.endRecord(count: 1, size: parts.directory.count, offset: parts.locals.count, comment: comment)
        #expect(try Self.expectStreamedAgreement(bytes, name: "signature-in-comment.zip") == .files(["a.txt": Data("alpha".utf8)]))
    }

    /// Prepended data that is itself the same zip with other bytes (no end record): the recorded
    /// offsets land on the decoy, libarchive (shifting them by the prefix) reads the real entries.
    @Test func prependedDataIsLeftToLibarchive() throws {
        let real = [Entry(name: "a.txt", data: Data("alpha".utf8)), Entry(name: "b.txt", data: Data("bravo".utf8))]
        let parts = Parts(real)
        // Same headers (CRC included) as the real entries; "alpha" becomes "aLpha" (no 'l' in the names).
        var decoyLocals = parts.locals
        for (index, byte) in decoyLocals.enumerated() where byte == UInt8(ascii: "l") { decoyLocals[index] = UInt8(ascii: "L") }
        let end = Self.endRecord(count: real.count, size: parts.directory.count, offset: parts.locals.count)
        let bytes = decoyLocals + parts.directory + parts.locals + parts.directory + end
        let reference = try Self.expectStreamedAgreement(bytes, name: "prepended.zip")
        #expect(reference == .files(["a.txt": Data("alpha".utf8), "b.txt": Data("bravo".utf8)]))
    }

    /// libarchive renames an entry to its Unicode Path: names, duplicates and traversal must be judged on that name.
    @Test(arguments: ["b.txt", "a.txt", "../evil.txt"])
    func aUnicodePathFieldIsLeftToLibarchive(_ unicodeName: String) throws {
        let field = Self.unicodePath(unicodeName, for: "x.txt")
        let entries = [Entry(name: "a.txt", data: Data("alpha".utf8)),
                       Entry(name: "x.txt", data: Data("xray".utf8), localExtra: field, centralExtra: field)]
        try Self.expectStreamedAgreement(Self.zip(entries), name: "unicode-path.zip")
        // In one header only: the catalog must look at both.
        for (local, central) in [(field, Data()), (Data(), field)] {
            let one = [entries[0], Entry(name: "x.txt", data: Data("xray".utf8), localExtra: local, centralExtra: central)]
            try Self.expectStreamedAgreement(Self.zip(one), name: "unicode-path-one-header.zip")
        }
    }

    /// A rule the catalog finds broken refuses the archive: no entry may reach the consumer first.
    @Test func aRuleTheCatalogFindsBrokenKeepsEveryEntryFromTheConsumer() throws {
        var entries = (0..<8).map { Entry(name: "stage-\($0).txt", data: Data("stage \($0)".utf8)) }
        entries.append(Entry(name: "../x", data: Data("escape".utf8)))
        let reader = try ArchiveReader(data: Self.zip(entries), name: "traversal.zip")
        let reference = sequential(reader)
        #expect(reference == .refused(.parentTraversal, entry: "../x"))
        let delivered = Collected()
        let result = outcome {
            _ = try reader.forEachEntryConcurrently(workers: 2) { entry, data in delivered.add(entry.path, data) }
            return [:]
        }
        #expect(result == reference)
        #expect(delivered.all.isEmpty, "delivered \(delivered.all.keys.sorted()) from a refused archive")
        #expect(verified(reader) == reference)
    }
}
