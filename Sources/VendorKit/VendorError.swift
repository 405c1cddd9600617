import ArchiveIO
import MeshIO

/// Why an adapter could not export or read. Every case names the vendor and, where it applies, the file.
public enum VendorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The check found errors (or warnings under --strict) and the export was not forced.
    case refused(vendor: String, Report)
    /// The adapter does not convert in this direction.
    case unsupportedDirection(vendor: String, VendorDescriptor.Direction)
    /// The archive could not be read safely.
    case archive(ArchiveError)
    /// The archive could not be written.
    case archiveWrite(ArchiveWriteError)
    /// A mesh inside the archive could not be read.
    case mesh(MeshReadError)
    /// An entry is missing, malformed or inconsistent with the rest of the archive.
    case malformed(vendor: String, file: String, detail: String)
    /// The format needs a password and none (or a wrong one) was given.
    case password(vendor: String, detail: String)
    /// No adapter is sure the archive is its format, or two are equally sure.
    case ambiguous(archive: String, candidates: [ProbeScore])
    /// No adapter has this id.
    case unknownVendor(String)

    public var description: String {
        switch self {
        case let .refused(vendor, report):
            let shown = report.errors.prefix(5).map { "  \($0)" }.joined(separator: "\n")
            return "\(vendor): export refused, \(report.errors.count) error(s):\n\(shown)"
                + (report.errors.count > 5 ? "\n  …" : "")
        case let .unsupportedDirection(vendor, direction):
            return "\(vendor): this adapter does not support \(direction.rawValue)"
        case let .archive(error): return error.description
        case let .archiveWrite(error): return error.description
        case let .mesh(error): return error.description
        case let .malformed(vendor, file, detail): return "\(vendor): \(file): \(detail)"
        case let .password(vendor, detail): return "\(vendor): \(detail)"
        case let .ambiguous(archive, candidates):
            let list = candidates.map { "\($0.vendor) (\($0.score))" }.joined(separator: ", ")
            return "\(archive): cannot tell which format this is; candidates: \(list.isEmpty ? "none" : list). Name it with --vendor."
        case let .unknownVendor(id): return "no vendor adapter has the id '\(id)'; see `aligngate vendors`"
        }
    }
}
