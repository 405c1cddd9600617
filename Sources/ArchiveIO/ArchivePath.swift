/// Why a raw archive entry name cannot be used as a relative path.
public enum ArchivePathProblem: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The name is empty, or only "." / separators.
    case empty
    /// The name contains a NUL byte.
    case containsNUL
    /// The name is absolute: "/x", "\x", "C:\x", "C:x", "\\server\share".
    case absolute
    /// A component is "..".
    case parentTraversal

    /// The archive rule this problem breaks.
    public var rule: ArchiveError.Rule {
        switch self {
        case .empty, .containsNUL: .invalidPath
        case .absolute: .absolutePath
        case .parentTraversal: .parentTraversal
        }
    }

    public var description: String {
        switch self {
        case .empty: "empty path"
        case .containsNUL: "path contains a NUL byte"
        case .absolute: "absolute path"
        case .parentTraversal: "path contains a '..' component"
        }
    }
}

/// Normalization and validation of entry names, shared by the reader and the writer.
public enum ArchivePath {
    /// Returns `raw` as a safe relative path: '/' separators, no "." or empty components, no trailing slash.
    ///
    /// '\' counts as a separator (a Windows-made zip, or a zip-slip attempt aimed at Windows), so
    /// "..\\x" is a traversal and "a\\b" becomes "a/b". Any ".." component is refused, even one that
    /// would stay inside the root ("a/../b"): legitimate archives never need it.
    public static func normalize(_ raw: String) throws(ArchivePathProblem) -> String {
        if raw.utf8.contains(0) { throw .containsNUL }
        let unified = raw.replacingBackslashes()
        if unified.hasPrefix("/") { throw .absolute }  // also covers UNC "\\server" and "//server"
        let components = unified.split(separator: "/", omittingEmptySubsequences: true)
        if let first = components.first, isDrivePrefix(first) { throw .absolute }
        var kept: [Substring] = []
        kept.reserveCapacity(components.count)
        for component in components {
            if component == ".." { throw .parentTraversal }
            if component == "." { continue }
            kept.append(component)
        }
        if kept.isEmpty { throw .empty }
        return kept.joined(separator: "/")
    }

    /// The number of components of a normalized path.
    public static func depth(of normalized: String) -> Int {
        normalized.utf8.reduce(1) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
    }

    /// "C:" or "C:anything" as the first component: a Windows drive (absolute or drive-relative).
    private static func isDrivePrefix(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8.prefix(2))
        guard bytes.count == 2, bytes[1] == UInt8(ascii: ":") else { return false }
        let c = bytes[0]
        return (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
    }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        guard utf8.contains(UInt8(ascii: "\\")) else { return self }
        return String(decoding: utf8.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }, as: UTF8.self)
    }
}
