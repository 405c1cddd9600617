import ArgumentParser
import Foundation
import Gateway

/// Printing helpers shared by the commands: stable JSON on stdout, errors on stderr with an exit code.
enum Output {
    /// Pretty, key-sorted JSON so scripts and diffs see a stable shape.
    static func json<T: Encodable>(_ value: T) throws -> String {
        try StableJSON.string(value)
    }

    /// Writes `message` to stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("aligngate: " + message + "\n").utf8))
    }

    /// Exit codes shared by every command.
    static let problemsFound = ExitCode(1)
    static let unreadable = ExitCode(2)
}
