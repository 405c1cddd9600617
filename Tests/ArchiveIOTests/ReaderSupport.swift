import ArchiveIO
import Foundation
import Testing

/// Locations and helpers shared by the reader tests.
enum Corpus {
    /// The package root: Tests/ArchiveIOTests/ReaderSupport.swift → up three levels.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `shared/corpora/archives` beside the checkout.
    static let archives = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora/archives")
    static func hostile(_ name: String) -> URL { archives.appendingPathComponent("hostile/\(name)") }
    static func valid(_ name: String) -> URL { archives.appendingPathComponent("valid/\(name)") }

    /// Every archive in a corpus folder (licence files excluded).
    static func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: archives.appendingPathComponent(folder).path)) ?? []
        return names.filter { !$0.hasPrefix("LICENSE") && !$0.hasPrefix(".") }.sorted()
    }
}

/// A fresh temporary folder (a parent to extract into), removed by the caller.
func makeTemporaryParent() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("archiveio-reader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Every path below `root`, relative, sorted (symlinks listed, never followed).
func listTree(_ root: URL) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var found: [String] = []
    while let next = walker.nextObject() as? String { found.append(next) }
    return found.sorted()
}

/// The rule an operation threw, or nil when it succeeded.
func ruleThrown<T>(_ body: () throws -> T) -> ArchiveError.Rule? {
    do {
        _ = try body()
        return nil
    } catch let error as ArchiveError {
        return error.rule
    } catch {
        return nil
    }
}
