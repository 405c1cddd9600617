import Foundation
import Gateway

/// Headless Chromium for the browser tests: each run with its own profile folder and a timeout, so a hung
/// browser fails the test instead of hanging it.
enum Headless {
    /// Chromium on PATH, or nil (tests then skip locally; under CI=true they fail instead).
    static let chromium: URL? = ReportPrinter.chromium()

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether the browser tests run: Chromium is installed, or we are in CI (where its absence must fail).
    static var available: Bool { chromium != nil || isCI }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    enum Failure: Error, CustomStringConvertible {
        case missing, timedOut(Double), failed(Int32, String)
        var description: String {
            switch self {
            case .missing: return "chromium is not on PATH; CI must install it (.ci/run)"
            case let .timedOut(s): return "chromium did not finish within \(s) s"
            case let .failed(code, err): return "chromium exited \(code): \(err.suffix(800))"
            }
        }
    }

    /// Runs Chromium on `page` with `extra` arguments (logging on), returning stdout and stderr.
    static func run(_ page: URL, _ extra: [String], fragment: String? = nil, timeout: Double = 180) throws -> Run {
        guard let chromium else { throw Failure.missing }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = chromium
        process.arguments = ReportPrinter.headlessArguments(profile: profile)
            + ["--enable-logging=stderr", "--v=0"] + extra + [page.standardizedFileURL.absoluteString + (fragment.map { "#" + $0 } ?? "")]
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-browser-\(UUID().uuidString).out")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-browser-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        // Files, not pipes: Chromium's helper processes can keep a pipe open after the browser exits.
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw Failure.timedOut(timeout)
        }
        let result = Run(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        guard result.status == 0 else { throw Failure.failed(result.status, result.stderr) }
        return result
    }

    /// Console errors, uncaught exceptions and refused loads Chromium logged.
    static func consoleProblems(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { line in
            (line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains("Error") || line.contains("Refused")))
                || line.contains("Refused to") || line.contains("Content Security Policy")
        }
    }

    /// Runs a command-line tool with a timeout (pdfinfo, pdftotext).
    static func tool(_ name: String, _ arguments: [String], timeout: Double = 60) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw Failure.timedOut(timeout)
        }
        guard process.terminationStatus == 0 else { throw Failure.failed(process.terminationStatus, name) }
        return String(decoding: data, as: UTF8.self)
    }
}
