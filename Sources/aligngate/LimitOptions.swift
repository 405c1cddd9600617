import ArchiveIO
import ArgumentParser

/// The archive limits a user can change on the command line (defaults: `ArchiveLimits.default`).
struct LimitOptions: ParsableArguments {
    @Option(help: "Most entries in an archive.")
    var maxEntries = ArchiveLimits.default.maxEntries

    @Option(help: "Most uncompressed bytes of one entry.")
    var maxEntryBytes = ArchiveLimits.default.maxEntryBytes

    @Option(help: "Most uncompressed bytes of the whole archive.")
    var maxTotalBytes = ArchiveLimits.default.maxTotalBytes

    @Option(help: "Highest uncompressed/compressed ratio of an entry (checked past 1 MiB).")
    var maxRatio = ArchiveLimits.default.maxCompressionRatio

    @Option(help: "Longest entry path, in bytes.")
    var maxPathLength = ArchiveLimits.default.maxPathLength

    @Option(help: "Most folders deep an entry path may go.")
    var maxPathDepth = ArchiveLimits.default.maxPathDepth

    var limits: ArchiveLimits {
        ArchiveLimits(maxEntries: maxEntries, maxEntryBytes: maxEntryBytes, maxTotalBytes: maxTotalBytes,
                      maxCompressionRatio: maxRatio, maxPathLength: maxPathLength, maxPathDepth: maxPathDepth)
    }
}
