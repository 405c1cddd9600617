/// A format's MAJOR.MINOR version, and the gate every reader applies: a newer major version is refused
/// (its meaning may have changed), any minor of a known major is read (it only adds).
public struct FormatVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// "MAJOR.MINOR": two runs of ASCII digits (at most 9 each) joined by one dot; anything else is nil.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: FormatVersion, b: FormatVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// The version `text` names when a reader of `reader` may read it; else why not, in words the
    /// caller puts under the field's name.
    public static func gate(_ text: String, reader: String) throws(Refusal) -> FormatVersion {
        guard let found = FormatVersion(text) else { throw .notMajorMinor(text) }
        guard let known = FormatVersion(reader), found.major <= known.major else { throw .newer(found: text, reader: reader) }
        return found
    }

    /// Why a version is not read.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not MAJOR.MINOR.
        case notMajorMinor(String)
        /// A newer major version than the reader's.
        case newer(found: String, reader: String)

        public var description: String {
            switch self {
            case let .notMajorMinor(text): return "'\(text)' is not MAJOR.MINOR"
            case let .newer(found, reader): return "version \(found) is newer than this reader (\(reader)); update aligngate"
            }
        }
    }
}
