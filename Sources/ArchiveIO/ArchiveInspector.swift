import Foundation

/// Everything wrong with an archive, entry by entry: the result of `ArchiveInspector.inspect`.
public struct ArchiveInspection: Sendable, Codable, Hashable {
    /// The detected container format.
    public var format: ArchiveFormat
    /// One report per entry, in archive order.
    public var entries: [EntryReport]
    /// Problems of the archive as a whole (fatal read errors, the entry count).
    public var problems: [ArchiveError]
    /// False when inspection stopped before the end: a fatal error, the entry or total cap, or an
    /// entry past a limit whose rest could only be skipped by decompressing it (tar.*, 7z).
    public var isComplete: Bool

    /// Whether neither the archive nor any entry broke a rule.
    public var isClean: Bool { problems.isEmpty && entries.allSatisfy(\.problems.isEmpty) }

    /// Every problem, archive-level first.
    public var allProblems: [ArchiveError] { problems + entries.flatMap(\.problems) }

    /// What one entry claimed, what reading it actually produced, and every rule it broke.
    public struct EntryReport: Sendable, Codable, Hashable {
        /// The entry as its header describes it.
        public var entry: ArchiveEntry
        /// Uncompressed bytes actually decompressed (stops at a limit).
        public var bytesRead: Int64
        /// The compressed size, when the format records it per entry.
        public var compressedSize: Int64?
        /// `bytesRead / compressedSize`, when the compressed size is known and not zero.
        public var ratio: Double?
        /// Every rule the entry broke, header rules first, then the first data problem.
        public var problems: [ArchiveError]
    }
}

/// Diagnoses an archive without stopping at the first problem (for reports and `aligngate inspect`).
public enum ArchiveInspector {
    /// Inspects the archive at `url`: collects every rule each entry breaks, reading each entry's data
    /// under the same limits as the reader. Fails only when the archive cannot be read at all.
    public static func inspect(_ url: URL, limits: ArchiveLimits = .default,
                               password: String? = nil) -> Result<ArchiveInspection, ArchiveError> {
        let reader: ArchiveReader
        do {
            reader = try ArchiveReader(contentsOf: url, limits: limits, password: password)
        } catch {
            return .failure(error)
        }
        return inspect(reader)
    }

    /// Inspects an archive already opened (for in-memory bytes).
    public static func inspect(_ reader: ArchiveReader) -> Result<ArchiveInspection, ArchiveError> {
        var reports: [ArchiveInspection.EntryReport] = []
        do {
            let outcome = try reader.pass(.collect) { entry, headerProblems, stream in
                var problems = headerProblems
                do throws(ArchiveError) {
                    try stream.drain()
                } catch {
                    problems.append(error)
                }
                let ratio = entry.compressedSize.flatMap { $0 > 0 ? Double(stream.bytesRead) / Double($0) : nil }
                reports.append(.init(entry: entry, bytesRead: stream.bytesRead, compressedSize: entry.compressedSize,
                                     ratio: ratio, problems: problems))
                return true
            }
            return .success(ArchiveInspection(format: reader.format, entries: reports, problems: outcome.problems,
                                              isComplete: outcome.isComplete))
        } catch let error as ArchiveError {
            return .failure(error)
        } catch {
            return .failure(ArchiveError(archive: reader.name, rule: .unreadable, detail: String(describing: error)))
        }
    }
}
