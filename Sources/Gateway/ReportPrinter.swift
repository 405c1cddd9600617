import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints a report to PDF through headless Chromium, when it is installed.
public enum ReportPrinter {
    /// The names Chromium goes by on Debian, Ubuntu and elsewhere.
    public static let programNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The first Chromium on `PATH`, if any.
    public static func chromium(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for name in programNames {
            for folder in folders where !folder.isEmpty {
                let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Chromium, or the typed error naming it: callers check before doing any work that needs it.
    public static func requireChromium(environment: [String: String] = ProcessInfo.processInfo.environment) throws(GatewayError) -> URL {
        guard let program = chromium(environment: environment) else {
            throw .missingProgram(name: "chromium", purpose: "print the report to PDF (--pdf)")
        }
        return program
    }

    /// The arguments for one headless run: its own profile folder, no GPU, no sandbox when root (Chromium
    /// refuses to start sandboxed as root), and no name resolution at all.
    public static func headlessArguments(profile: URL) -> [String] {
        var args = ["--headless", "--disable-gpu", "--user-data-dir=\(profile.path)", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--host-resolver-rules=MAP * ~NOTFOUND", "--no-pdf-header-footer"]
        if geteuid() == 0 { args.append("--no-sandbox") }
        return args
    }

    /// Prints `html` (a report file) to `pdf`: a temporary file beside it, renamed into place when Chromium
    /// finished within `timeout` seconds.
    public static func printPDF(_ html: URL, to pdf: URL, timeout: TimeInterval = 120,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws(GatewayError) {
        let program = try requireChromium(environment: environment)
        let fm = FileManager.default
        let profile = fm.temporaryDirectory.appendingPathComponent("aligngate-chromium-\(UUID().uuidString)")
        let staging = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial-\(UUID().uuidString)")
        defer {
            try? fm.removeItem(at: profile)
            try? fm.removeItem(at: staging)
        }
        let process = Process()
        process.executableURL = program
        process.arguments = headlessArguments(profile: profile)
            + ["--print-to-pdf=\(staging.path)", html.standardizedFileURL.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        // A file, not a pipe: Chromium's helper processes may hold a pipe open after the browser exits.
        let log = fm.temporaryDirectory.appendingPathComponent("aligngate-chromium-\(UUID().uuidString).log")
        defer { try? fm.removeItem(at: log) }
        _ = fm.createFile(atPath: log.path, contents: nil)
        do { process.standardError = try FileHandle(forWritingTo: log) } catch {
            throw .io(file: log.path, detail: "cannot create Chromium's log: \(error.localizedDescription)")
        }
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            throw .io(file: program.path, detail: "cannot start Chromium: \(error.localizedDescription)")
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw .io(file: pdf.path, detail: "Chromium did not finish printing within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0, fm.fileExists(atPath: staging.path) else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw .io(file: pdf.path, detail: "Chromium failed to print (exit \(process.terminationStatus)): \(tail)")
        }
        guard rename(staging.path, pdf.path) == 0 else {
            throw .io(file: pdf.path, detail: "cannot move the PDF into place: \(String(cString: strerror(errno)))")
        }
    }
}
