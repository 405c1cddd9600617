import ArchiveIO
import Foundation
import Testing

@Suite("ArchiveError")
struct ArchiveErrorTests {
    @Test func descriptionNamesArchiveEntryRuleAndDetail() {
        let error = ArchiveError(archive: "plan.zip", entry: "../x", rule: .parentTraversal, detail: "path contains a '..' component")
        #expect(error.description == "plan.zip: ../x: parent directory traversal: path contains a '..' component")
        let archiveLevel = ArchiveError(archive: "plan.zip", rule: .unreadable, detail: "Unrecognized archive format")
        #expect(archiveLevel.description == "plan.zip: unreadable archive: Unrecognized archive format")
    }

    @Test func everyRuleHasWordsAndRoundTripsThroughCodable() throws {
        for rule in ArchiveError.Rule.allCases {
            #expect(!rule.words.isEmpty)
            let error = ArchiveError(archive: "a.zip", entry: "e", rule: rule, detail: "d")
            let decoded = try JSONDecoder().decode(ArchiveError.self, from: JSONEncoder().encode(error))
            #expect(decoded == error)
        }
    }

    @Test func defaultLimits() {
        let limits = ArchiveLimits.default
        #expect(limits.maxEntries == 10_000)
        #expect(limits.maxEntryBytes == 1 << 30)
        #expect(limits.maxTotalBytes == 4 << 30)
        #expect(limits.maxCompressionRatio == 200)
        #expect(limits.compressionRatioFloor == 1 << 20)
        #expect(limits.maxPathLength == 1024)
        #expect(limits.maxPathDepth == 32)
    }
}
