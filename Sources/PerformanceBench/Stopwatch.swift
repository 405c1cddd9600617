import Foundation

/// Wall-clock seconds of a piece of work, on the monotonic clock.
public enum Stopwatch {
    /// Runs `body` and returns its result with the seconds it took.
    public static func time<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, seconds(clock.now - start))
    }

    /// Runs `body` and returns its result with the wall seconds and the CPU seconds of the whole process
    /// (all threads) it took; CPU over wall is how many cores the work really had.
    public static func timeWithCPU<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double, cpuSeconds: Double) {
        let cpuStart = processCPUSeconds()
        let (value, seconds) = try time(body)
        return (value, seconds, max(0, processCPUSeconds() - cpuStart))
    }

    /// CPU time of every thread of this process so far.
    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0 else { return 0 }
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A `Duration` as seconds.
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
