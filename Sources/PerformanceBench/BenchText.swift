import Foundation
import TextReport

/// The benchmark's report as text: the machine, a phase table per case, and a scaling table when
/// several sizes ran.
public enum BenchText {
    /// The whole report.
    public static func render(_ report: BenchReport) -> String {
        var out = [machine(report.machine)]
        for run in report.runs {
            out.append("")
            out.append(caseLine(run))
            out.append(phases(run).rendered)
            if let series = SeriesBench.text(run) { out.append(series) }
            if run.phases.contains(where: { $0.zlibFloorBytes != nil }) {
                out.append("")
                out.append(sizes(run).rendered)
            }
        }
        if let matrix = report.matrix { out += ["", MatrixBenchText.render(matrix)] }
        if report.runs.count > 1 {
            out.append("")
            out.append("Scaling (cost per GB should stay flat; a phase's memory (+phase) should not grow with stages):")
            out.append(scaling(report.runs).rendered)
        }
        return out.joined(separator: "\n")
    }

    static func machine(_ m: MachineInfo) -> String {
        var line = "machine: \(m.cores) cores, \(m.cpu), \(number(Double(m.memoryBytes) / 1e9, 1)) GB RAM, \(m.os); \(m.build) build"
        if m.build != "release" { line += " (figures not comparable: use -c release)" }
        return line
    }

    static func caseLine(_ run: CaseRun) -> String {
        let s = run.size
        return "case: \(s.stages) stages, \(s.trianglesPerTooth) triangles/tooth (~\(s.trianglesPerArch) per arch), "
            + "\(s.stageModels) stage models; sample built in \(number(run.sampleSeconds, 2)) s"
    }

    /// One row per phase: time, throughput, memory, and the ratio to each floor (zlib, libdeflate) on all cores.
    public static func phases(_ run: CaseRun) -> TextTable {
        var table = TextTable.numeric(["phase", "wall s", "cores", "mesh MB", "MB/s", "peak RSS MB", "+phase MB", "zlib s", "ratio",
                                       "libdeflate s", "ratio", "target", "met"])
        for p in run.phases {
            let rss = mb(p.peakRSSBytes) + (p.rssScope == .process ? " (process)" : "")
            let met = p.meetsTarget.map { $0 ? "yes" : "no" } ?? "-"
            let accepted = p.accepted == false ? " REJECTED" : ""
            table.add(["\(p.kind.rawValue) \(p.vendor)\(accepted)", number(p.seconds, 2), number(p.coresUsed, 2), mb(p.meshBytes), number(p.meshMBps, 1), rss, mb(p.growthBytes),
                       floor(p.floorSeconds, p.floorCoresUsed), p.ratio.map { number($0, 2) + "x" } ?? "-",
                       floor(p.libdeflateFloorSeconds, p.libdeflateFloorSeconds.flatMap { s in p.libdeflateFloorCPUSeconds.map { s > 0 ? $0 / s : 0 } }),
                       p.libdeflateRatio.map { number($0, 2) + "x" } ?? "-",
                       "≤ " + number(p.targetRatio, 2) + "x", met])
        }
        return table
    }

    /// A floor's seconds with the cores it had, e.g. "6.41 (1.96)".
    static func floor(_ seconds: Double?, _ cores: Double?) -> String {
        guard let seconds else { return "-" }
        return number(seconds, 2) + (cores.map { " (" + number($0, 2) + ")" } ?? "")
    }

    /// One row per exported archive: its size beside the same payload deflated by each floor at the same level.
    public static func sizes(_ run: CaseRun) -> TextTable {
        var table = TextTable.numeric(["archive", "archive MB", "zlib MB", "libdeflate MB", "archive / zlib"])
        for p in run.phases where p.kind == .export {
            table.add([p.vendor, number(Double(p.archiveBytes) / 1e6, 2), p.zlibFloorBytes.map { number(Double($0) / 1e6, 2) } ?? "-",
                       p.libdeflateFloorBytes.map { number(Double($0) / 1e6, 2) } ?? "-",
                       p.zlibFloorBytes.map { $0 > 0 ? number(Double(p.archiveBytes) / Double($0), 3) : "-" } ?? "-"])
        }
        return table
    }

    /// One row per case: the first vendor's export and intake, per GB of mesh data and peak RSS.
    public static func scaling(_ runs: [CaseRun]) -> TextTable {
        var table = TextTable.numeric(["stages", "tri/arch", "models", "mesh MB", "export s", "s/GB", "intake s", "s/GB",
                               "export RSS MB", "+phase", "intake RSS MB", "+phase"])
        for run in runs {
            let export = run.phases.first { $0.kind == .export }
            let intake = run.phases.first { $0.kind == .intake }
            func perGB(_ p: PhaseResult?) -> String {
                guard let p, p.meshBytes > 0 else { return "-" }
                return number(p.seconds / (Double(p.meshBytes) / 1e9), 2)
            }
            table.add(["\(run.size.stages)", "\(run.size.trianglesPerArch)", "\(run.size.stageModels)",
                       mb(export?.meshBytes ?? intake?.meshBytes ?? 0), export.map { number($0.seconds, 2) } ?? "-", perGB(export),
                       intake.map { number($0.seconds, 2) } ?? "-", perGB(intake),
                       export.map { mb($0.peakRSSBytes) } ?? "-", export.map { mb($0.growthBytes) } ?? "-",
                       intake.map { mb($0.peakRSSBytes) } ?? "-", intake.map { mb($0.growthBytes) } ?? "-"])
        }
        return table
    }

    /// Bytes as MB (10⁶): no decimals from 10 MB on, one below.
    static func mb(_ bytes: Int64) -> String {
        let value = Double(bytes) / 1e6
        return number(value, value >= 10 ? 0 : 1)
    }

    /// Fixed decimals, POSIX style whatever the locale.
    public static func number(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
