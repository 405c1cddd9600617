import ArchiveIO
import Foundation
import Testing

@Suite("Safe extraction")
struct SafeExtractorTests {
    private func planTar() -> Data {
        var tar = TarBuilder()
        tar.add("case/", kind: .directory)
        tar.add("case/plan.json", Data("{\"stages\":2}".utf8))
        tar.add("case/stages/01.stl", Data("solid one".utf8))
        return tar.finished()
    }

    @Test func extractsIntoAMissingFolderCreatingItsParents() throws {
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("deep/er/out")
        let written = try ArchiveReader(data: planTar(), name: "plan.tar").extract(to: target)
        #expect(written.map(\.path) == ["case", "case/plan.json", "case/stages/01.stl"])
        #expect(listTree(parent) == ["deep", "deep/er", "deep/er/out", "deep/er/out/case", "deep/er/out/case/plan.json",
                                     "deep/er/out/case/stages", "deep/er/out/case/stages/01.stl"])
        #expect(try Data(contentsOf: target.appendingPathComponent("case/stages/01.stl")) == Data("solid one".utf8))
        let implied = try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent("case/stages").path)
        #expect((implied[.posixPermissions] as? NSNumber)?.intValue == 0o755)
        let root = try FileManager.default.attributesOfItem(atPath: target.path)
        #expect((root[.posixPermissions] as? NSNumber)?.intValue == 0o755)
    }

    @Test func extractsIntoAnEmptyExistingFolder() throws {
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try ArchiveReader(data: planTar(), name: "plan.tar").extract(to: target)
        #expect(listTree(target) == ["case", "case/plan.json", "case/stages", "case/stages/01.stl"])
        #expect(listTree(parent).allSatisfy { $0.hasPrefix("out") })
    }

    @Test func refusesANonEmptyTargetAndTouchesNothing() throws {
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep me".utf8).write(to: target.appendingPathComponent("existing.txt"))
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(data: planTar(), name: "plan.tar").extract(to: target) }
        #expect(error.rule == .extractionFailed)
        #expect(error.detail.hasSuffix("is not empty"))
        #expect(listTree(parent) == ["out", "out/existing.txt"])
    }

    @Test func neverFollowsASymlinkAtTheTarget() throws {
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let elsewhere = parent.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: false)
        let target = parent.appendingPathComponent("out")
        try FileManager.default.createSymbolicLink(at: target, withDestinationURL: elsewhere)
        let error = try #require(throws: ArchiveError.self) { try ArchiveReader(data: planTar(), name: "plan.tar").extract(to: target) }
        #expect(error.rule == .extractionFailed)
        #expect(listTree(elsewhere) == [])
        #expect(listTree(parent) == ["elsewhere", "out"])
    }

    @Test func aFailureHalfWayLeavesNothingBehind() throws {
        // Good entries first, then a traversal: the good ones were already written to staging.
        var tar = TarBuilder()
        tar.add("good/a.txt", Data("a".utf8))
        tar.add("good/b.txt", Data(repeating: 1, count: 100_000))
        tar.add("../escape.txt", Data("evil".utf8))
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let error = try #require(throws: ArchiveError.self) {
            try ArchiveReader(data: tar.finished(), name: "half.tar").extract(to: parent.appendingPathComponent("out"))
        }
        #expect(error.rule == .parentTraversal)
        #expect(error.entry == "../escape.txt")
        #expect(listTree(parent) == [])
        #expect(!FileManager.default.fileExists(atPath: parent.deletingLastPathComponent().appendingPathComponent("escape.txt").path))
    }

    @Test func aDataErrorHalfWayLeavesNothingBehind() throws {
        // The encrypted AES zip without its password: folders extract, the first encrypted file fails.
        let parent = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let reader = try ArchiveReader(contentsOf: Corpus.valid("TestDataEncryptedAES.zip"))
        let error = try #require(throws: ArchiveError.self) { try reader.extract(to: parent.appendingPathComponent("out")) }
        #expect(error.rule == .encrypted)
        #expect(listTree(parent) == [])
    }

    @Test(arguments: Corpus.files(in: "hostile"))
    func hostileArchivesNeverWriteOutsideTheTarget(file: String) throws {
        // The target sits two levels down in a folder of our own, so "../" escapes would land where we look.
        let outer = try makeTemporaryParent()
        defer { try? FileManager.default.removeItem(at: outer) }
        let target = outer.appendingPathComponent("a/b/out")
        do {
            let reader = try ArchiveReader(contentsOf: Corpus.hostile(file), limits: corpusLimits)
            _ = try reader.extract(to: target)
        } catch {}
        // Whatever happened, nothing exists below `outer` except the target's own folders and contents.
        #expect(listTree(outer).allSatisfy { $0 == "a" || $0 == "a/b" || $0.hasPrefix("a/b/out") }, "\(listTree(outer))")
        for escaped in ["/tmp/evil.txt", "/Temp/evil.txt", "/secret.txt", "/testTraversalAttackABC"] {
            #expect(!FileManager.default.fileExists(atPath: escaped))
        }
    }
}
