import Foundation
import ArchiveIO
import Digest
import PlanModel

/// Size and SHA-256 of a written archive, read in blocks so large archives are not held in memory.
public enum FileDigest {
    public static func size(_ url: URL) throws -> Int64 {
        Int64((try url.resourceValues(forKeys: [.fileSizeKey])).fileSize ?? 0)
    }

    public static func sha256(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            block.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.hexDigest()
    }
}

extension ExportedArchive {
    /// What an `ArchiveWriter` wrote: its entries, size and SHA-256 (taken while writing where the writer
    /// could, else read back from the file).
    public init(_ written: ArchiveWriteSummary) throws {
        self.init(files: written.entries.map(\.path), bytes: written.archiveBytes,
                  sha256: try written.sha256 ?? FileDigest.sha256(written.url))
    }
}
