import ArgumentParser
import Foundation
import Gateway
import PerformanceBench
import SampleCases

/// `aligngate bench`: the export and intake pipelines against the zlib floor (docs/PERFORMANCE.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure export and intake of the reference case against the system zlib's floor.",
        discussion: """
            In one process: builds the sample (preset reference unless resized), then per vendor exports it, \
            takes the archive back in (probed, fully validated), and times zlib alone on the same bytes on all \
            cores. Prints wall time, MB/s of uncompressed mesh data, peak resident memory per phase, and the \
            ratio to the floor. Run it as `swift run -c release aligngate bench`; debug figures mean nothing.
            """)

    @Option(help: "Upper-arch aligners (default: the reference preset's 40).")
    var stages: Int?

    @Option(help: "Triangles per crown (default: the reference preset's 10600).")
    var trianglesPerTooth: Int?

    @Option(name: .customLong("vendor"), help: "A vendor to export and take back in (repeatable; default: generic-stl and print-3mf).")
    var vendors: [String] = []

    @Flag(help: "Also run four sizes for a linearity table, and 40 vs 120 stages for peak memory (generic-stl only).")
    var scaling = false

    @Option(help: "Where to write the archives (default: a temporary folder).")
    var workDir: String?

    @Flag(help: "Keep the archives instead of removing them.")
    var keep = false

    @Flag(help: "Print the results as JSON.")
    var json = false

    @OptionGroup var progress: ProgressOptions

    func run() throws {
        let registry = try PlanLoading.registry()
        let plans = try plans(registry)
        let folder = try scratchFolder()
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let bar = ProgressBar.start(quiet: progress.quiet)
        defer { bar.stop() }
        let runner = BenchRunner(registry: registry, folder: folder, progress: bar.meter)
        var runs: [CaseRun] = []
        var matrix: MatrixTiming?
        do {
            for plan in plans {
                if !progress.quiet { note("bench: \(plan.sample.resolvedStages) stages × \(plan.sample.resolvedTrianglesPerTooth) triangles/tooth: \(plan.vendors.joined(separator: ", "))") }
                runs.append(try runner.run(plan))
            }
            matrix = try MatrixBench.measure(SampleCase.make(plans[0].sample.validated()), registry: registry)
        } catch {
            bar.stop()
            Output.error("bench failed: \(error)")
            throw Output.unreadable
        }
        bar.stop()
        let report = BenchReport(machine: .current(), runs: runs, matrix: matrix)
        print(json ? try Output.json(report) : BenchText.render(report))
        if keep { note("bench: archives kept in \(folder.path)") }
    }

    /// The main case, then (with --scaling) the four linearity sizes and the 120-stage memory case.
    func plans(_ registry: Registry) throws -> [BenchPlan] {
        let chosen = SeriesBench.vendors(vendors.isEmpty ? BenchRunner.defaultVendors : vendors)
        do {
            for id in chosen { _ = try registry.adapter(id) }
        } catch {
            throw ValidationError("\(error)")
        }
        let main = SampleOptions(preset: .reference, stages: stages, trianglesPerTooth: trianglesPerTooth)
        do {
            _ = try main.validated()
        } catch {
            throw ValidationError("\(error)")
        }
        var plans = [BenchPlan(sample: main, vendors: chosen)]
        guard scaling else { return plans }
        let s = main.resolvedStages, t = main.resolvedTrianglesPerTooth
        let sizes = [(max(1, s / 4), t), (max(1, s / 2), t), (max(1, s / 2), min(2 * t, 50_000)), (min(200, 3 * s), t)]
        for (stages, triangles) in sizes where (stages, triangles) != (s, t) {
            plans.append(BenchPlan(sample: SampleOptions(preset: .reference, stages: stages, trianglesPerTooth: triangles),
                                   vendors: [chosen[0]], floors: false))
        }
        return plans
    }

    /// A line on stderr (stdout carries only the report).
    func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    func scratchFolder() throws -> URL {
        let base = workDir.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("aligngate-bench-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            Output.error("cannot create a work folder in \(base.path): \(error)")
            throw Output.unreadable
        }
        return folder
    }
}
