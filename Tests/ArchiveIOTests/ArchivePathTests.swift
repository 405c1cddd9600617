import ArchiveIO
import Testing

@Suite("ArchivePath.normalize")
struct ArchivePathTests {
    @Test("accepted names", arguments: [
        ("a.txt", "a.txt"),
        ("./a/b.txt", "a/b.txt"),
        ("a//b///c", "a/b/c"),
        ("dir/", "dir"),
        ("a/./b/.", "a/b"),
        ("a\\b\\c.txt", "a/b/c.txt"),
        ("café/naïve.stl", "café/naïve.stl"),
        ("...", "..."),
        ("a..b/..c", "a..b/..c"),
        ("ab:c", "ab:c"),
    ])
    func accepted(raw: String, normalized: String) throws {
        #expect(try ArchivePath.normalize(raw) == normalized)
    }

    @Test("refused names", arguments: [
        ("", ArchivePathProblem.empty),
        (".", .empty),
        ("./", .empty),
        ("//", .absolute),
        ("/etc/passwd", .absolute),
        ("\\Windows\\x", .absolute),
        ("\\\\server\\share\\x", .absolute),
        ("//server/share/x", .absolute),
        ("C:\\x", .absolute),
        ("c:/x", .absolute),
        ("C:x", .absolute),
        ("a:b", .absolute),
        ("../x", .parentTraversal),
        ("a/../../x", .parentTraversal),
        ("a/..", .parentTraversal),
        ("..\\..\\Temp\\evil.txt", .parentTraversal),
        ("a\\..\\b", .parentTraversal),
        ("a\0b", .containsNUL),
    ])
    func refused(raw: String, problem: ArchivePathProblem) {
        #expect(throws: problem) { try ArchivePath.normalize(raw) }
    }

    @Test func problemsMapToRules() {
        #expect(ArchivePathProblem.empty.rule == .invalidPath)
        #expect(ArchivePathProblem.containsNUL.rule == .invalidPath)
        #expect(ArchivePathProblem.absolute.rule == .absolutePath)
        #expect(ArchivePathProblem.parentTraversal.rule == .parentTraversal)
    }

    @Test func depthCountsComponents() {
        #expect(ArchivePath.depth(of: "a") == 1)
        #expect(ArchivePath.depth(of: "a/b/c") == 3)
    }
}
