import ArchiveIO
import Foundation
import Testing

/// What reading one hostile corpus file must do.
struct HostileCase: Sendable, CustomTestStringConvertible {
    let file: String
    /// The rule every strict operation (extract, and entries() when `header`) throws.
    let rule: ArchiveError.Rule
    /// The end of the entry name the error must carry; nil for an archive-level error.
    let entrySuffix: String?
    /// Refused when opened (the reader cannot even be created).
    var atOpen = false
    /// Also refused by `entries()` (a header rule), not only when the data is read.
    var header = true
    /// Rules the inspector must report (it may report more).
    var inspected: Set<ArchiveError.Rule> = []

    var testDescription: String { "\(file) → \(rule)" }
}

/// Limits for the corpus runs: defaults, but a 64 MiB total so that the bombs stop quickly.
let corpusLimits = ArchiveLimits(maxTotalBytes: 64 << 20)

let hostileCases: [HostileCase] = [
    HostileCase(file: "10GB.gz.bz2", rule: .nestedCompression, entrySuffix: nil, atOpen: true),
    HostileCase(file: "TestDataCorrupt.tar", rule: .unreadable, entrySuffix: nil, atOpen: true),
    HostileCase(file: "testCorruptSymbolicLinkErrorConditions.zip", rule: .unreadable, entrySuffix: nil, atOpen: true),
    HostileCase(file: "testCRC32Check.zip", rule: .badChecksum, entrySuffix: "original", inspected: [.badChecksum, .linkEntry]),
    HostileCase(file: "testExtractEncryptedArchiveErrorConditions.zip", rule: .encrypted, entrySuffix: "zip64/test.txt",
                header: false, inspected: [.encrypted]),
    HostileCase(file: "testInvalidCompressionMethodErrorConditions.zip", rule: .unsupportedCompression, entrySuffix: ".DS_Store",
                inspected: [.unsupportedCompression, .linkEntry]),
    HostileCase(file: "testPathDelimiterTraversalAttack.zip", rule: .absolutePath, entrySuffix: "/../secret.txt", inspected: [.absolutePath]),
    HostileCase(file: "testSimpleTraversalAttack.zip", rule: .parentTraversal, entrySuffix: "../testTraversalAttackABC/EVIL_HERE",
                inspected: [.parentTraversal]),
    HostileCase(file: "testUnzipUncontainedSymlink.zip", rule: .linkEntry, entrySuffix: "evil_symlink", inspected: [.linkEntry]),
    HostileCase(file: "zbsm.zip", rule: .overlappingEntries, entrySuffix: "0",
                inspected: [.overlappingEntries, .compressionRatio, .totalTooLarge]),
    HostileCase(file: "zip-slip-win.tar", rule: .parentTraversal, entrySuffix: "..\\Temp\\evil.txt", inspected: [.parentTraversal]),
    // libarchive turns a zip name's backslashes into slashes before we see it; it is refused all the same.
    HostileCase(file: "zip-slip-win.zip", rule: .parentTraversal, entrySuffix: "../Temp/evil.txt", inspected: [.parentTraversal]),
    HostileCase(file: "zip-slip.tar", rule: .parentTraversal, entrySuffix: "../tmp/evil.txt", inspected: [.parentTraversal]),
    HostileCase(file: "zip-slip.zip", rule: .parentTraversal, entrySuffix: "../tmp/evil.txt", inspected: [.parentTraversal]),
]

/// Hostile-folder files that are well-formed archives; what makes them hostile is tested separately below.
let hostileButWellFormed = ["TestDataCorrupt.tar.zip", "testCorruptFileErrorConditions.zip"]

@Suite("Hostile corpus")
struct ReaderHostileCorpusTests {
    @Test func everyHostileFileHasAnExpectation() {
        let covered = Set(hostileCases.map(\.file) + hostileButWellFormed)
        #expect(Set(Corpus.files(in: "hostile")) == covered)
    }

    @Test(arguments: hostileCases)
    func refusedForTheRightReason(_ expected: HostileCase) throws {
        let url = Corpus.hostile(expected.file)
        func check(_ error: ArchiveError, _ operation: String) {
            #expect(error.rule == expected.rule, "\(operation): \(error)")
            #expect(error.archive == expected.file)
            if let suffix = expected.entrySuffix {
                #expect(error.entry?.hasSuffix(suffix) == true, "\(operation) names \(error.entry ?? "no entry")")
            } else {
                #expect(error.entry == nil)
            }
            #expect(error.description.hasPrefix(expected.file + ": "))
        }

        if expected.atOpen {
            #expect(performing: { try ArchiveReader(contentsOf: url, limits: corpusLimits) }, throws: { error in
                check(try #require(error as? ArchiveError), "open")
                return true
            })
            guard case .failure(let failure) = ArchiveInspector.inspect(url, limits: corpusLimits) else {
                Issue.record("inspection of an unreadable archive must fail")
                return
            }
            #expect(failure.rule == expected.rule)
            return
        }

        let reader = try ArchiveReader(contentsOf: url, limits: corpusLimits)
        if expected.header {
            do {
                let listed = try reader.entries()
                Issue.record("entries() listed \(listed.count) entries")
            } catch {
                check(error, "entries()")
            }
        } else {
            #expect(throws: Never.self) { try reader.entries() }
        }

        // Strict extraction stops at the same rule and leaves nothing anywhere in the parent folder.
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        do {
            let written = try reader.extract(to: parent.appendingPathComponent("out"))
            Issue.record("extracted \(written.count) entries")
        } catch {
            check(error, "extract")
        }
        #expect(listTree(parent) == [])

        // forEachEntry reports the same archive error (after any good entries before it).
        #expect(performing: { try reader.forEachEntry { _, stream in _ = try stream.readAll() } }, throws: { error in
            (error as? ArchiveError)?.rule == expected.rule
        })

        // The inspector collects at least these rules, and never calls the archive clean.
        let inspection = try ArchiveInspector.inspect(url, limits: corpusLimits).get()
        #expect(!inspection.isClean)
        let found = Set(inspection.allProblems.map(\.rule))
        #expect(expected.inspected.isSubset(of: found), "inspector found \(found)")
    }

    @Test func wellFormedZipHoldingACorruptTarReadsButTheInnerTarIsRefused() throws {
        let reader = try ArchiveReader(contentsOf: Corpus.hostile("TestDataCorrupt.tar.zip"))
        #expect(try reader.entries().map(\.path) == ["Lorem.txt", "TestDataCorrupt.tar"])
        let inner = try reader.data(of: "TestDataCorrupt.tar")
        #expect(inner.count == 27136)
        #expect(crc32(inner) == 0x028F_94E6)
        // The gateway reads nested archives through the same front door: the damaged tar is refused.
        #expect(throws: ArchiveError(archive: "TestDataCorrupt.tar", rule: .unreadable, detail: "Unrecognized archive format")) {
            try ArchiveReader(data: inner, name: "TestDataCorrupt.tar")
        }
    }

    @Test func corruptFileFixtureIsIntactOnDiskAndRefusedOnceDamaged() throws {
        // ZIPFoundation's test damages this file at run time; as stored it is a sound 1 MiB entry.
        let url = Corpus.hostile("testCorruptFileErrorConditions.zip")
        let intact = try ArchiveReader(contentsOf: url).data(of: "data.random")
        #expect(intact.count == 1_048_576)
        #expect(crc32(intact) == 0x5373_7CB8)

        // The same damage, in memory: 512 KiB of zeros over the deflate stream from byte 64.
        var damaged = try Data(contentsOf: url)
        damaged.replaceSubrange(64..<(64 + 512 * 1024), with: Data(count: 512 * 1024))
        let reader = try ArchiveReader(data: damaged, name: "damaged.zip")
        #expect(performing: { try reader.data(of: "data.random") }, throws: { error in
            let error = try #require(error as? ArchiveError)
            return error.entry == "data.random" && error.rule == .unreadable && error.detail.contains("ZIP decompression failed")
        })
    }

    @Test func overlappingBombIsRefusedBeforeAnyDecompression() throws {
        // zbsm.zip: 42 KB declaring 250 entries of ~21 MB that all reuse one deflate stream.
        let reader = try ArchiveReader(contentsOf: Corpus.hostile("zbsm.zip"))
        let error = try #require(throws: ArchiveError.self) { try reader.entries() }
        #expect(error.rule == .overlappingEntries)
        #expect(error.entry == "0")
        #expect(error.detail.contains("'1'"))
    }

    @Test func overlappingBombStreamingStopsAtTheTotalLimit() throws {
        // With the ratio check off and the overlap flag only reported, the inspector streams the bomb:
        // it must stop at the first byte past the 64 MiB total, not at 5.5 GB.
        let limits = ArchiveLimits(maxTotalBytes: 64 << 20, maxCompressionRatio: .infinity)
        let start = ContinuousClock.now
        let inspection = try ArchiveInspector.inspect(Corpus.hostile("zbsm.zip"), limits: limits).get()
        let elapsed = ContinuousClock.now - start
        let read = inspection.entries.reduce(Int64(0)) { $0 + $1.bytesRead }
        #expect(read <= (64 << 20) + 1)
        #expect(read > 60 << 20)
        #expect(inspection.entries.count == 4)  // 3 × 21.8 MB fit, the 4th passes 64 MiB
        #expect(!inspection.isComplete)
        #expect(inspection.entries.last?.problems.map(\.rule).contains(.totalTooLarge) == true)
        #expect(inspection.entries.allSatisfy { $0.problems.map(\.rule).contains(.overlappingEntries) })
        #expect(elapsed < .seconds(20))
    }

    @Test func overlappingBombRatioStopsEachEntryEarly() throws {
        // Default ratio (200): entry '0' is 21 849 182 bytes from 30 357 (720:1); reading stops just past 200:1.
        let inspection = try ArchiveInspector.inspect(Corpus.hostile("zbsm.zip"), limits: corpusLimits).get()
        let first = try #require(inspection.entries.first)
        #expect(first.compressedSize == 30357)
        #expect(first.bytesRead <= 200 * 30357 + (1 << 20))
        #expect(first.problems.map(\.rule) == [.overlappingEntries, .compressionRatio])
    }

    @Test func nestedCompressionBombIsRefusedAtOpenWithoutInflating() throws {
        // 10GB.gz.bz2: 344 bytes of bzip2 around gzip around 10 GB of zeros.
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(contentsOf: Corpus.hostile("10GB.gz.bz2")) }
        #expect(error.rule == .nestedCompression)
        #expect(error.detail.hasPrefix("bzip2 containing gzip containing "))
    }

    @Test func encryptedEntryWithAWrongPasswordIsWrongPassword() throws {
        let reader = try ArchiveReader(contentsOf: Corpus.hostile("testExtractEncryptedArchiveErrorConditions.zip"), password: "not it")
        let entries = try reader.entries()
        #expect(entries.map(\.path) == ["zip64/test.txt"])
        #expect(entries.first?.isEncrypted == true)
        let error = try #require(throws: ArchiveError.self) { try reader.data(of: "zip64/test.txt") }
        #expect(error.rule == .wrongPassword)
        #expect(error.entry == "zip64/test.txt")
    }
}
