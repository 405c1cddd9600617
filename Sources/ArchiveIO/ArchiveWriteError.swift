/// An archive that could not be written: which archive, which entry, and why.
///
/// Nothing is left at the target path when this is thrown (see `ArchiveWriter`).
public struct ArchiveWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the archive that was being written.
    public var archive: String
    /// The entry concerned, when the problem is an entry's.
    public var entry: String?
    /// What went wrong.
    public var reason: Reason

    /// Creates an error.
    public init(archive: String, entry: String? = nil, reason: Reason) {
        self.archive = archive
        self.entry = entry
        self.reason = reason
    }

    /// What went wrong, with what to do about it in `description`.
    public enum Reason: Sendable, Equatable {
        /// The target exists and `overwrite` was false.
        case targetExists
        /// The writer does not produce this format.
        case unsupportedFormat(ArchiveFormat)
        /// A compression level outside the format's range.
        case invalidCompressionLevel(Int, allowed: ClosedRange<Int>)
        /// A compression level was given for a format that does not compress (plain tar).
        case compressionNotApplicable(ArchiveFormat)
        /// A password was given for a format that cannot encrypt (only zip can).
        case passwordNotSupported(ArchiveFormat)
        /// The password is empty.
        case emptyPassword
        /// The modification date is outside 1980-01-01 … 2107-12-31 (what zip can store).
        case invalidDate
        /// The entry name is unsafe (absolute, "..", empty, NUL).
        case invalidPath(ArchivePathProblem)
        /// The entry name is not in canonical form (backslash, "./", "//", trailing "/"); `canonical` is.
        case nonCanonicalPath(canonical: String)
        /// An entry with this name was already added.
        case duplicateEntry
        /// tar needs a streamed entry's size up front.
        case sizeRequired
        /// A declared size is negative.
        case invalidSize(Int64)
        /// A streamed entry produced a different number of bytes than declared
        /// (past `declared`, `produced` counts up to the end of the chunk that overshot).
        case sizeMismatch(declared: Int64, produced: Int64)
        /// The surrounding Swift task was cancelled while writing.
        case cancelled
        /// A worker count or entry window below 1.
        case invalidConcurrency(Int)
        /// The writer was already finished or cancelled.
        case writerClosed
        /// The file system refused an operation.
        case io(String)
        /// zlib, libdeflate, libcrypto or libarchive reported an error (its own message).
        case library(String)
    }

    /// "<archive>: <entry>: <what went wrong>" (the entry part only when there is one).
    public var description: String {
        var parts = [archive]
        if let entry { parts.append(entry) }
        parts.append(reason.words)
        return parts.joined(separator: ": ")
    }
}

extension ArchiveWriteError.Reason {
    /// The reason in words, with the remedy where there is one.
    public var words: String {
        switch self {
        case .targetExists: "the file exists; pass overwrite: true to replace it"
        case .unsupportedFormat(let f): "cannot write \(f.rawValue); use zip, tar, tar.gz, tar.xz or tar.zst"
        case .invalidCompressionLevel(let l, let r): "compression level \(l) is outside \(r.lowerBound)…\(r.upperBound)"
        case .compressionNotApplicable(let f): "\(f.rawValue) does not compress; leave compressionLevel nil"
        case .passwordNotSupported(let f): "\(f.rawValue) cannot be encrypted; only zip supports a password"
        case .emptyPassword: "the password is empty"
        case .invalidDate: "modification date must be within 1980-01-01 … 2107-12-31"
        case .invalidPath(let p): "invalid entry name: \(p)"
        case .nonCanonicalPath(let c): "entry name is not canonical; write it as \"\(c)\""
        case .duplicateEntry: "an entry with this name was already added"
        case .sizeRequired: "tar needs the entry's size before its data; pass size:"
        case .invalidSize(let s): "size \(s) is negative"
        case .sizeMismatch(let d, let p) where p > d: "declared \(d) bytes but the producer gave more (at least \(p))"
        case .sizeMismatch(let d, let p): "declared \(d) bytes but the producer gave only \(p)"
        case .invalidConcurrency(let n): "concurrency and entry window must be at least 1, not \(n)"
        case .cancelled: "cancelled"
        case .writerClosed: "the writer was already finished or cancelled"
        case .io(let why): why
        case .library(let why): why
        }
    }
}
