/// Wall-clock seconds of a piece of work, on the monotonic clock.
public enum Stopwatch {
    /// Runs `body` and returns its result with the seconds it took.
    public static func time<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, seconds(clock.now - start))
    }

    /// A `Duration` as seconds.
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
