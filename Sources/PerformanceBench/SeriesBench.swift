import Foundation
import TextReport

/// Issue 12's benchmark (docs/PERFORMANCE.md, "STL series intake"): stl-series intake — every model
/// decoded, split into shells, tracked, registered and numbered — against generic-stl's intake of the same
/// case in the same run, and the stl-series intake's peak resident memory.
public enum SeriesBench {
    public static let vendor = "stl-series"
    /// The intake it is measured against: the same case's archive with a manifest (no recovery).
    public static let baseline = "generic-stl"
    /// stl-series intake within this multiple of the baseline's intake time.
    public static let timeTarget = 2.0
    /// Its peak resident memory at most this (MB, 10⁶ bytes).
    public static let peakTargetBytes: Int64 = 400_000_000

    /// The vendors a bench runs: those asked, with the baseline added after stl-series when it is missing.
    public static func vendors(_ asked: [String]) -> [String] {
        guard asked.contains(vendor), !asked.contains(baseline) else { return asked }
        return asked + [baseline]
    }

    /// The comparison of one case's run; nil unless both intakes ran.
    public static func comparison(_ run: CaseRun) -> SeriesComparison? {
        guard let series = run.phases.first(where: { $0.kind == .intake && $0.vendor == vendor }),
              let base = run.phases.first(where: { $0.kind == .intake && $0.vendor == baseline }) else { return nil }
        return SeriesComparison(series: series, baseline: base)
    }

    /// The comparison as text, for `BenchText.render`; nil unless both intakes ran.
    public static func text(_ run: CaseRun) -> String? {
        guard let c = comparison(run) else { return nil }
        let n = { (v: Double, d: Int) in BenchText.number(v, d) }
        return "stl-series intake (with recovery) vs generic-stl intake: \(n(c.seriesSeconds, 2)) s vs \(n(c.baselineSeconds, 2)) s = "
            + "\(n(c.ratio, 2))x (target ≤ \(n(timeTarget, 1))x: \(c.meetsTime ? "met" : "missed")); peak RSS \(n(Double(c.peakRSSBytes) / 1e6, 0)) MB "
            + "(target ≤ \(peakTargetBytes / 1_000_000) MB: \(c.meetsMemory ? "met" : "missed")); \(n(c.coresUsed, 2)) cores used"
            + (c.accepted ? "" : "; the stl-series intake was REJECTED")
    }
}

/// stl-series intake against the baseline's, from one run's phases.
public struct SeriesComparison: Sendable, Codable, Hashable {
    public var seriesSeconds: Double
    public var baselineSeconds: Double
    public var peakRSSBytes: Int64
    public var coresUsed: Double
    public var accepted: Bool

    public init(series: PhaseResult, baseline: PhaseResult) {
        seriesSeconds = series.seconds
        baselineSeconds = baseline.seconds
        peakRSSBytes = series.peakRSSBytes
        coresUsed = series.coresUsed
        accepted = series.accepted ?? false
    }

    /// stl-series seconds over the baseline's.
    public var ratio: Double { baselineSeconds > 0 ? seriesSeconds / baselineSeconds : .infinity }
    public var meetsTime: Bool { ratio <= SeriesBench.timeTarget }
    public var meetsMemory: Bool { peakRSSBytes <= SeriesBench.peakTargetBytes }
}
