/// Why a `.alignplan` package could not be read or written. Every case names the file and the rule.
public struct PlanPackageError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case missingFile
        case notAPackage
        case tooLarge(bytes: Int, limit: Int)
        case invalidJSON(String)
        case wrongFormat(found: String)
        case unsupportedVersion(found: String, supported: String)
        case invalidValue(field: String, detail: String)
        case unsafePath
        case meshUnreadable(String)
        case meshMismatch(field: String, expected: String, found: String)
        case ioFailure(String)
        case destinationExists
        /// The zip form could not be read safely (ArchiveIO's rule and detail).
        case archive(String)
    }

    /// The file inside (or the path of) the package the problem is in.
    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .missingFile: return "\(file): missing from the plan package"
        case .notAPackage: return "\(file): not a .alignplan package (no \(PlanFormat.documentPath))"
        case let .tooLarge(bytes, limit): return "\(file): \(bytes) bytes exceeds the limit of \(limit) bytes"
        case let .invalidJSON(detail): return "\(file): not valid plan JSON: \(detail)"
        case let .wrongFormat(found): return "\(file): format is '\(found)', expected '\(PlanFormat.formatName)'"
        case let .unsupportedVersion(found, supported):
            return "\(file): format version \(found) is newer than this reader (\(supported)); update aligngate"
        case let .invalidValue(field, detail): return "\(file): \(field): \(detail)"
        case .unsafePath: return "\(file): mesh path must be relative and stay inside the package"
        case let .meshUnreadable(detail): return "\(file): \(detail)"
        case let .meshMismatch(field, expected, found):
            return "\(file): \(field) is \(found) but plan.json says \(expected)"
        case let .ioFailure(detail): return "\(file): \(detail)"
        case .destinationExists: return "\(file): already exists (pass overwrite to replace it)"
        case let .archive(detail): return detail
        }
    }
}
