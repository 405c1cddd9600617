import ArgumentParser
import Foundation

/// Printing helpers shared by the commands: stable JSON on stdout, errors on stderr with an exit code.
enum Output {
    /// Pretty, key-sorted JSON so scripts and diffs see a stable shape.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Writes `message` to stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("aligngate: " + message + "\n").utf8))
    }

    /// Exit codes shared by every command.
    static let problemsFound = ExitCode(1)
    static let unreadable = ExitCode(2)
}
