import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Peak resident memory (high-water mark). On Linux the mark can be reset between phases
/// (`/proc/self/clear_refs`), so each phase gets its own peak; elsewhere only the process-wide peak exists.
public enum PeakMemory {
    /// Whether a reading covers one phase or the whole process so far.
    public enum Scope: String, Sendable, Codable {
        case phase
        case process
    }

    /// Resets the high-water mark to the current resident size; false where the system cannot. The
    /// allocator first hands freed heap back to the system, so what earlier phases freed (but glibc kept)
    /// does not count against the next phase.
    @discardableResult
    public static func reset() -> Bool {
        trimHeap()
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// The peak since the last successful `reset()` (`phase`), else since the process started (`process`).
    public static func peak(afterReset: Bool) -> (bytes: Int64, scope: Scope) {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let bytes = highWaterMark(status: status) {
            return (bytes, afterReset ? .phase : .process)
        }
        return (rusagePeak(), .process)
    }

    /// glibc's malloc_trim(0), looked up at run time: the Glibc module does not import malloc.h.
    static func trimHeap() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    /// Resident memory now (VmRSS), in bytes; nil off Linux.
    public static func current() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return field("VmRSS", status: status)
    }

    /// VmHWM from the text of /proc/PID/status, in bytes; nil when absent or malformed.
    public static func highWaterMark(status: String) -> Int64? { field("VmHWM", status: status) }

    /// A "Name:   123 kB" field of /proc/PID/status, in bytes.
    static func field(_ name: String, status: String) -> Int64? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let fields = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, fields[1] == "kB", let kb = Int64(fields[0]) else { return nil }
            return kb * 1024
        }
        return nil
    }

    /// getrusage's ru_maxrss in bytes (kilobytes on Linux, bytes on Darwin).
    static func rusagePeak() -> Int64 {
        var usage = rusage()
        #if os(Linux)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        #if canImport(Darwin)
        return Int64(usage.ru_maxrss)
        #else
        return Int64(usage.ru_maxrss) * 1024
        #endif
    }
}
