/// A refused or unreadable archive: which archive, which entry, which rule, and why.
public struct ArchiveError: Error, Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The archive's file name (or the name given for in-memory bytes).
    public var archive: String
    /// The entry's path as written in the archive, when the problem is an entry's.
    public var entry: String?
    /// The rule that was broken.
    public var rule: Rule
    /// Specifics, including libarchive's own message when it reported the problem.
    public var detail: String

    /// Creates an error.
    public init(archive: String, entry: String? = nil, rule: Rule, detail: String) {
        self.archive = archive
        self.entry = entry
        self.rule = rule
        self.detail = detail
    }

    /// The rules an archive can break.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case unreadable, unsupportedFormat, absolutePath, parentTraversal
        case invalidPath  // empty, NUL, "." only, undecodable name
        case linkEntry, deviceEntry, duplicateName, tooManyEntries, entryTooLarge, totalTooLarge
        case compressionRatio, pathTooLong, pathTooDeep
        case encrypted  // no password given
        case wrongPassword, truncated, badChecksum, unsupportedCompression
        case nestedCompression  // a compressed stream inside a compressed stream (gzip of gzip, a self-reproducing gzip)
        case overlappingEntries  // zip entries whose bytes overlap (the overlapping-entry zip bomb)
        case implausibleHeader  // a 7z header declaring more than its bytes hold, or an encoded header too large to unpack
        case entryNotFound  // `data(of:)` asked for a path the archive does not hold
        case extractionFailed  // the target folder or the file system refused (not the archive's fault)

        /// The rule in words, for messages.
        public var words: String {
            switch self {
            case .unreadable: "unreadable archive"
            case .unsupportedFormat: "unsupported archive format"
            case .absolutePath: "absolute path"
            case .parentTraversal: "parent directory traversal"
            case .invalidPath: "invalid path"
            case .linkEntry: "link entry"
            case .deviceEntry: "device or special file entry"
            case .duplicateName: "duplicate name"
            case .tooManyEntries: "too many entries"
            case .entryTooLarge: "entry too large"
            case .totalTooLarge: "archive too large when uncompressed"
            case .compressionRatio: "compression ratio too high"
            case .pathTooLong: "path too long"
            case .pathTooDeep: "path too deep"
            case .encrypted: "encrypted (no password given)"
            case .wrongPassword: "wrong password"
            case .truncated: "truncated"
            case .badChecksum: "bad checksum"
            case .unsupportedCompression: "unsupported compression method"
            case .nestedCompression: "nested compression"
            case .overlappingEntries: "overlapping entries"
            case .implausibleHeader: "implausible archive header"
            case .entryNotFound: "no such entry"
            case .extractionFailed: "extraction failed"
            }
        }
    }

    /// "<archive>: <entry>: <rule in words>: <detail>" (the entry part only when there is one).
    public var description: String {
        var parts = [archive]
        if let entry { parts.append(entry) }
        parts.append(rule.words)
        if !detail.isEmpty { parts.append(detail) }
        return parts.joined(separator: ": ")
    }
}
