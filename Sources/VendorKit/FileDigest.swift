import Foundation
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
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
