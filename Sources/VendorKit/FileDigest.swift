import Foundation
import ArchiveIO
import Digest
import PlanModel

/// Size and SHA-256 of a written archive, read in blocks so large archives are not held in memory.
public enum FileDigest {
    public static func size(_ url: URL) throws -> Int64 {
        Int64((try url.resourceValues(forKeys: [.fileSizeKey])).fileSize ?? 0)
    }

    /// Through libcrypto (`ArchiveSHA256`); through `Digest.SHA256` in the unlikely case libcrypto fails.
    public static func sha256(_ url: URL) throws -> String {
        let fast = ArchiveSHA256()
        try blocks(url) { fast.update($0) }
        if let hex = fast.hexDigest() { return hex }
        var hasher = SHA256()
        try blocks(url) { hasher.update($0) }
        return hasher.hexDigest()
    }

    private static func blocks(_ url: URL, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            block.withUnsafeBytes { body($0) }
        }
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
