import ArchiveIO
import Foundation
import Testing

@Suite("Inspector")
struct ArchiveInspectorTests {
    @Test func collectsEveryRuleOfEveryEntry() throws {
        var tar = TarBuilder()
        tar.add("ok.txt", Data("fine".utf8))
        tar.add("../" + Array(repeating: "d", count: 40).joined(separator: "/"), Data("x".utf8))  // traversal (depth not computed)
        tar.add("link", kind: .symlink, link: "/etc/passwd")
        tar.add("ok.txt", Data("again".utf8))
        tar.add("dev", kind: .characterDevice)
        let reader = try ArchiveReader(data: tar.finished(), name: "mixed.tar")
        let inspection = try ArchiveInspector.inspect(reader).get()
        #expect(inspection.format == .tar)
        #expect(!inspection.isClean)
        #expect(inspection.problems.isEmpty)
        #expect(inspection.entries.map { $0.problems.map(\.rule) } == [[], [.parentTraversal], [.linkEntry], [.duplicateName], [.deviceEntry]])
        #expect(inspection.entries.map(\.bytesRead) == [4, 1, 0, 5, 0])
        #expect(inspection.entries.allSatisfy { $0.problems.allSatisfy { $0.archive == "mixed.tar" } })
    }

    @Test func reportsSeveralRulesForOneEntry() throws {
        var tar = TarBuilder()
        tar.add(String(repeating: "n/", count: 40) + "x", kind: .symlink, link: "y")
        let limits = ArchiveLimits(maxPathLength: 50)
        let inspection = try ArchiveInspector.inspect(ArchiveReader(data: tar.finished(), name: "many.tar", limits: limits)).get()
        #expect(inspection.entries.first?.problems.map(\.rule) == [.pathTooLong, .pathTooDeep, .linkEntry])
    }

    @Test func unreadableArchiveIsAFailure() {
        guard case .failure(let error) = ArchiveInspector.inspect(Corpus.hostile("TestDataCorrupt.tar")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.rule == .unreadable)
    }

    @Test func stopsListingPastTheEntryCap() throws {
        var tar = TarBuilder()
        for index in 0..<10 { tar.add("f\(index)", Data("x".utf8)) }
        let inspection = try ArchiveInspector.inspect(ArchiveReader(data: tar.finished(), name: "many.tar",
                                                                     limits: ArchiveLimits(maxEntries: 4))).get()
        #expect(inspection.entries.count == 5)
        #expect(inspection.entries.last?.problems.map(\.rule) == [.tooManyEntries])
        #expect(inspection.problems.map(\.rule) == [.tooManyEntries])
    }

    @Test func isCodable() throws {
        let inspection = try ArchiveInspector.inspect(Corpus.hostile("testCRC32Check.zip")).get()
        #expect(inspection.entries.map(\.entry.path) == [".DS_Store", "dir", "original", "symlink"])
        #expect(inspection.entries[0].ratio == 1)
        let decoded = try JSONDecoder().decode(ArchiveInspection.self, from: JSONEncoder().encode(inspection))
        #expect(decoded == inspection)
        #expect(decoded.allProblems.map(\.rule) == [.badChecksum, .linkEntry])
    }
}
