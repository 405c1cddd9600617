import CArchive

/// Applies the header rules (names, kinds, duplicates, count, declared sizes) to each entry in turn.
///
/// It returns every rule an entry breaks, in a fixed order (most specific first), so the strict
/// reader can throw the first and the inspector can report them all.
struct HeaderValidator {
    let archive: String
    let limits: ArchiveLimits
    private(set) var count = 0
    private(set) var declaredTotal: Int64 = 0
    /// Explicit entries by normalized path: true for directories.
    private var seen: [String: Bool] = [:]
    /// Every proper prefix of an accepted path: these must be directories.
    private var parents: Set<String> = []

    init(archive: String, limits: ArchiveLimits) {
        self.archive = archive
        self.limits = limits
    }

    /// What libarchive's entry says, decoded: the name (nil when not UTF-8), kind and sizes.
    struct Header {
        var rawPath: String?
        var displayPath: String
        var kind: ArchiveEntry.Kind
        var declaredSize: Int64?
        var isEncrypted: Bool
        var linkTarget: String?
    }

    /// Reads the header fields of a libarchive entry.
    static func header(of entry: OpaquePointer) -> Header {
        var raw: String?
        var display = "?"
        if let utf8 = archive_entry_pathname_utf8(entry) {
            raw = String(validatingCString: utf8)
            display = raw ?? String(cString: utf8)
        } else if let bytes = archive_entry_pathname(entry) {
            raw = String(validatingCString: bytes)
            display = raw ?? String(cString: bytes)  // lossy, only for messages
        }
        let kind: ArchiveEntry.Kind
        let hardlink = archive_entry_hardlink(entry)
        switch UInt32(archive_entry_filetype(entry)) {
        case _ where hardlink != nil: kind = .hardlink
        case 0o100000: kind = .file
        case 0o040000: kind = .directory
        case 0o120000: kind = .symlink
        default: kind = .other  // char/block devices, FIFOs, sockets, unknown
        }
        let target = (hardlink ?? archive_entry_symlink(entry)).map { String(cString: $0) }
        let size: Int64? = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        return Header(rawPath: raw, displayPath: display, kind: kind, declaredSize: size,
                      isEncrypted: archive_entry_is_data_encrypted(entry) != 0, linkTarget: target)
    }

    /// Whether this is the archive's root directory ("." or "./"), which tar often records and which
    /// names nothing to create: it is counted but otherwise ignored.
    static func isRootDirectory(_ header: Header) -> Bool {
        guard header.kind == .directory, let raw = header.rawPath, !raw.hasPrefix("/") else { return false }
        let components = raw.split(separator: "/")
        return !components.isEmpty && components.allSatisfy { $0 == "." }
    }

    /// Counts an entry that is otherwise ignored (the root directory); true while within `maxEntries`.
    mutating func countOnly() -> Bool {
        count += 1
        return count <= limits.maxEntries
    }

    /// Checks one header; returns the entry as far as it could be built and the rules it breaks.
    mutating func check(_ header: Header) -> (entry: ArchiveEntry, problems: [ArchiveError]) {
        count += 1
        var problems: [ArchiveError] = []
        func fail(_ rule: ArchiveError.Rule, _ detail: String) {
            problems.append(ArchiveError(archive: archive, entry: header.displayPath, rule: rule, detail: detail))
        }
        if count > limits.maxEntries { fail(.tooManyEntries, "more than \(limits.maxEntries) entries") }

        var normalized: String?
        if let raw = header.rawPath {
            if raw.utf8.count > limits.maxPathLength {
                fail(.pathTooLong, "\(raw.utf8.count) bytes, limit \(limits.maxPathLength)")
            }
            do {
                normalized = try ArchivePath.normalize(raw)
            } catch {
                fail(error.rule, error.description)
            }
        } else {
            fail(.invalidPath, "name is not valid UTF-8")
        }
        if let path = normalized {
            let depth = ArchivePath.depth(of: path)
            if depth > limits.maxPathDepth { fail(.pathTooDeep, "\(depth) components, limit \(limits.maxPathDepth)") }
        }

        switch header.kind {
        case .symlink: fail(.linkEntry, "symbolic link to '\(header.linkTarget ?? "")'")
        case .hardlink: fail(.linkEntry, "hard link to '\(header.linkTarget ?? "")'")
        case .other: fail(.deviceEntry, "device, FIFO, socket or unknown entry type")
        case .file, .directory: break
        }

        if let path = normalized, let detail = conflict(for: path, isDirectory: header.kind == .directory) {
            fail(.duplicateName, detail)
        }

        if header.kind == .file, let size = header.declaredSize {
            if size < 0 {
                fail(.unreadable, "negative declared size \(size)")
            } else {
                if size > limits.maxEntryBytes { fail(.entryTooLarge, "declares \(size) bytes, limit \(limits.maxEntryBytes)") }
                let (sum, overflow) = declaredTotal.addingReportingOverflow(size)
                declaredTotal = overflow ? .max : sum
                if declaredTotal > limits.maxTotalBytes {
                    fail(.totalTooLarge, "entries declare \(declaredTotal) bytes so far, limit \(limits.maxTotalBytes)")
                }
            }
        }

        let entry = ArchiveEntry(path: normalized ?? header.displayPath, rawPath: header.displayPath, kind: header.kind,
                                 declaredSize: header.declaredSize, isEncrypted: header.isEncrypted)
        return (entry, problems)
    }

    /// Records `path` and describes the clash when it was seen before, or when a file and a
    /// directory (explicit or implied by a longer path) would share a name.
    private mutating func conflict(for path: String, isDirectory: Bool) -> String? {
        var clash: String?
        if let previous = seen[path] {
            clash = previous == isDirectory ? "'\(path)' appears more than once"
                : "'\(path)' is both a file and a directory"
        } else if !isDirectory, parents.contains(path) {
            clash = "'\(path)' is both a file and a directory"
        }
        var prefix = Substring(path)
        var ancestors: [String] = []
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            ancestors.append(String(prefix))
        }
        if clash == nil, let file = ancestors.first(where: { seen[$0] == false }) {
            clash = "'\(file)' is a file but '\(path)' puts it on a directory path"
        }
        if seen[path] == nil { seen[path] = isDirectory }
        parents.formUnion(ancestors)
        return clash
    }
}
