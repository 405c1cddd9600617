import ArchiveIO
import Foundation
import Testing

/// Same entries, same bytes: fixed times, modes and owners, no time-carrying extras, caller order.
@Suite struct WriterDeterminismTests {
    @Test(arguments: ArchiveWriteOptions.writableFormats)
    func sameEntriesGiveIdenticalBytes(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let first = scratch.file("first.\(format.rawValue)"), second = scratch.file("second.\(format.rawValue)")
        try writeSample(to: first, ArchiveWriteOptions(format: format))
        try writeSample(to: second, ArchiveWriteOptions(format: format))
        let a = try Data(contentsOf: first), b = try Data(contentsOf: second)
        #expect(a.count > 0)
        #expect(a == b)
    }

    @Test(arguments: [ArchiveFormat.zip, .tarGzip, .tarXz, .tarZstd])
    func compressionLevelChangesTheBytesButStaysReproducible(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let low = ArchiveWriteOptions(format: format, compressionLevel: 1)
        let high = ArchiveWriteOptions(format: format, compressionLevel: 9)
        try writeSample(to: scratch.file("low1"), low)
        try writeSample(to: scratch.file("low2"), low)
        try writeSample(to: scratch.file("high"), high)
        let low1 = try Data(contentsOf: scratch.file("low1")), low2 = try Data(contentsOf: scratch.file("low2"))
        #expect(low1 == low2)
        #expect(low1 != (try Data(contentsOf: scratch.file("high"))))
    }

    @Test func zipHeadersCarryTheDOSEpochUnixModesAndNoExtraFields() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.zip")
        try writeSample(to: url, ArchiveWriteOptions(format: .zip))
        let records = zipRecords(try Data(contentsOf: url))
        #expect(records.map(\.name) == sampleEntries.map(\.path) + [sampleFolder + "/"])
        for record in records {
            #expect(record.versionMadeBy >> 8 == 3, "made by Unix")
            #expect(record.dosDate == 0x0021 && record.dosTime == 0, "1980-01-01 00:00:00")
            #expect(record.localDate == record.dosDate && record.localTime == record.dosTime)
            #expect(record.extra.isEmpty && record.localExtra.isEmpty, "no UT/UX/other extras on \(record.name)")
            #expect(record.flags & 0x0008 == 0, "no data descriptor")
            let isFolder = record.name.hasSuffix("/")
            #expect(record.externalAttributes >> 16 == (isFolder ? 0o040755 : 0o100644))
        }
        let nonASCII = try #require(records.first { $0.name.contains("ü") })
        #expect(nonASCII.flags & 0x0800 != 0, "UTF-8 name flag")
    }

    @Test func modificationDateIsStoredAsUTCWallClockInZipAndEpochSecondsInTar() throws {
        let scratch = try WriterScratch()
        // 2024-05-17T13:45:30Z
        let date = Date(timeIntervalSince1970: 1_715_953_530)
        for format in [ArchiveFormat.zip, .tar] {
            let url = scratch.file("dated.\(format.rawValue)")
            let options = ArchiveWriteOptions(format: format, modificationDate: date)
            let writer = try ArchiveWriter(creating: url, options: options)
            try writer.add("a.txt", data: Data("a".utf8))
            _ = try writer.finish()
            let data = try Data(contentsOf: url)
            if format == .zip {
                let record = try #require(zipRecords(data).first)
                #expect(record.dosDate == UInt16((2024 - 1980) << 9 | 5 << 5 | 17))
                #expect(record.dosTime == UInt16(13 << 11 | 45 << 5 | 30 / 2))
            } else {
                #expect(tarHeaders(data).first?.mtime == 1_715_953_530)
            }
        }
    }

    @Test func tarHeadersHaveNoOwnersFixedModesAndOnlyPathRecords() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.tar")
        try writeSample(to: url, ArchiveWriteOptions(format: .tar))
        let headers = tarHeaders(try Data(contentsOf: url))
        let entries = headers.filter { $0.type != UInt8(ascii: "x") }
        #expect(entries.count == sampleEntries.count + 1)
        for header in headers {
            #expect(Int(header.uid.trimmingCharacters(in: .whitespaces), radix: 8) == 0)
            #expect(Int(header.gid.trimmingCharacters(in: .whitespaces), radix: 8) == 0)
            #expect(header.uname.isEmpty && header.gname.isEmpty)
            #expect(header.mtime == 315_532_800)
            let pid = "\(ProcessInfo.processInfo.processIdentifier)"
            #expect(!header.name.contains(pid), "no process id in pax header names")
        }
        for header in entries {
            let mode = Int(header.mode.trimmingCharacters(in: .whitespaces), radix: 8)
            #expect(mode == (header.type == UInt8(ascii: "5") ? 0o755 : 0o644))
        }
        // Extended headers only where ustar cannot hold the name, and only the path: no atime/ctime/mtime.
        let pax = headers.filter { $0.type == UInt8(ascii: "x") }
        #expect(pax.count == 2)
        #expect(pax.allSatisfy { $0.paxRecords.count == 1 && $0.paxRecords[0].hasPrefix("path=") })
    }

    @Test func gzipHeaderHasNoTimestampAndNoName() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("plan.tar.gz")
        try writeSample(to: url, ArchiveWriteOptions(format: .tarGzip))
        let header = [UInt8](try Data(contentsOf: url).prefix(10))
        #expect(header[0] == 0x1F && header[1] == 0x8B && header[2] == 8)
        #expect(header[3] == 0, "no FNAME/FCOMMENT/FEXTRA flags")
        #expect(header[4..<8].allSatisfy { $0 == 0 }, "MTIME 0")
    }

    @Test(arguments: [ArchiveFormat.zip, .tar])
    func entriesAreWrittenInTheOrderAdded(format: ArchiveFormat) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("ordered.\(format.rawValue)")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format))
        for name in ["z.txt", "a.txt", "m/b.txt"] {
            try writer.add(name, data: Data(name.utf8))
        }
        let summary = try writer.finish()
        #expect(summary.entries.map(\.path) == ["z.txt", "a.txt", "m/b.txt"])
        let data = try Data(contentsOf: url)
        let names = format == .zip ? zipRecords(data).map(\.name) : tarHeaders(data).map(\.name)
        #expect(names == ["z.txt", "a.txt", "m/b.txt"])
    }

    /// AES output is not reproducible by design: each entry gets a random salt. Pinned so a change is noticed.
    @Test func aesEncryptedZipsDifferBetweenRunsButNotInSize() throws {
        let scratch = try WriterScratch()
        let options = ArchiveWriteOptions(format: .zip, password: "correct horse")
        try writeSample(to: scratch.file("1.zip"), options)
        try writeSample(to: scratch.file("2.zip"), options)
        let a = try Data(contentsOf: scratch.file("1.zip")), b = try Data(contentsOf: scratch.file("2.zip"))
        #expect(a.count == b.count)
        #expect(a != b)
        #expect(zipRecords(a).map(\.name) == zipRecords(b).map(\.name))
    }

    @Test func emptyArchivesAreValidAndReproducible() throws {
        let scratch = try WriterScratch()
        for format in ArchiveWriteOptions.writableFormats {
            let url = scratch.file("empty.\(format.rawValue)")
            let summary = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format)).finish()
            #expect(summary.entries.isEmpty)
            #expect(summary.archiveBytes > 0)
        }
        let zip = try Data(contentsOf: scratch.file("empty.zip"))
        #expect(zip == Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)))
    }
}
