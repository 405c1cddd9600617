/// Archive containers the gateway reads (through libarchive) and writes.
public enum ArchiveFormat: String, Sendable, Codable, CaseIterable {
    case zip
    case tar
    case tarGzip = "tar.gz"
    case tarXz = "tar.xz"
    case tarBzip2 = "tar.bz2"
    case tarZstd = "tar.zst"
    case sevenZip = "7z"
}
