import Foundation

/// Runs the built `aligngate` executable (it sits beside the test bundle in the build products folder).
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        get throws {
            let candidates = [Bundle.main.executableURL, Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
                .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("aligngate") }
            for url in candidates + candidates.map({ $0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("aligngate") })
            where FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "aligngate executable near \(candidates)"])
        }
    }

    static func run(_ arguments: String...) throws -> Result { try run(arguments) }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `../shared/corpora/<path>` from the package root.
    static func corpus(_ path: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpora").appendingPathComponent(path).path
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
