import Foundation

/// Locates the shared third-party corpora: `shared/` sits beside the package checkout.
enum Corpus {
    /// Tests/MeshIOTests/Corpus.swift → up three levels is the package root.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let root = packageRoot.appendingPathComponent("../shared/corpora").standardizedFileURL

    /// The folders every file of which must be read or refused with a typed error.
    static let folders = ["meshes", "dental"]

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func data(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }

    /// Every regular file under `folders`, as paths relative to `root`, sorted.
    static func allFiles() -> [String] {
        var out: [String] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                let rel = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
                out.append(rel)
            }
        }
        return out.sorted()
    }
}
