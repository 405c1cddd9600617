/// Caps applied while reading an archive; every one is enforced on the bytes actually decompressed.
public struct ArchiveLimits: Sendable, Hashable, Codable {
    /// Most entries an archive may hold (default 10 000).
    public var maxEntries: Int
    /// Most uncompressed bytes one entry may produce (default 1 GiB).
    public var maxEntryBytes: Int64
    /// Most uncompressed bytes the whole archive may produce (default 4 GiB).
    public var maxTotalBytes: Int64
    /// Highest uncompressed/compressed ratio (default 200), checked only past `compressionRatioFloor`.
    public var maxCompressionRatio: Double
    /// Uncompressed bytes below which the ratio is not checked (default 1 MiB), so that tiny,
    /// highly compressible files (a run of zeros, an empty JSON array padded out) still pass.
    public var compressionRatioFloor: Int64
    /// Longest entry path in bytes, as written in the archive (default 1024).
    public var maxPathLength: Int
    /// Most components in an entry path (default 32).
    public var maxPathDepth: Int

    /// Creates limits; every argument defaults to the value in `ArchiveLimits.default`.
    public init(
        maxEntries: Int = 10_000,
        maxEntryBytes: Int64 = 1 << 30,
        maxTotalBytes: Int64 = 4 << 30,
        maxCompressionRatio: Double = 200,
        compressionRatioFloor: Int64 = 1 << 20,
        maxPathLength: Int = 1024,
        maxPathDepth: Int = 32
    ) {
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.compressionRatioFloor = compressionRatioFloor
        self.maxPathLength = maxPathLength
        self.maxPathDepth = maxPathDepth
    }

    /// 10 000 entries, 1 GiB per entry, 4 GiB in all, ratio 200 past 1 MiB, paths of 1024 bytes and 32 components.
    public static let `default` = ArchiveLimits()
}
