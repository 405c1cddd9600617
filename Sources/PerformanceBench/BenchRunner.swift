import ArchiveIO
import Foundation
import Gateway
import PlanModel
import SampleCases
import VendorKit

/// What one bench case runs.
public struct BenchPlan: Sendable, Hashable {
    /// The sample's options (preset reference unless resized).
    public var sample: SampleOptions
    /// Vendor ids, each exported then taken back in.
    public var vendors: [String]
    /// Measure the zlib floors (reads each archive back once more, untimed).
    public var floors: Bool

    public init(sample: SampleOptions = .reference, vendors: [String] = BenchRunner.defaultVendors, floors: Bool = true) {
        self.sample = sample
        self.vendors = vendors
        self.floors = floors
    }
}

/// Runs the phases of the benchmark through the registry's adapters — the same code `aligngate export`
/// and `aligngate intake` run — in this process, in a scratch folder.
public struct BenchRunner: Sendable {
    /// The vendors the targets name.
    public static let defaultVendors = ["generic-stl", "print-3mf"]
    /// Export within 1.25× of zlib deflating the same bytes on all cores (vendors without a target of their own).
    public static let exportTarget = 1.25
    /// Intake within 1.5× of zlib inflating and CRC-checking them.
    public static let intakeTarget = 1.5
    /// Issue 17's targets against the zlib floor, now that whole entries go through libdeflate.
    public static let targets: [String: (export: Double, intake: Double)] = [
        "generic-stl": (export: 0.5, intake: 0.5),
        "print-3mf": (export: 0.6, intake: 1.5),
    ]

    /// The ratio to the zlib floor `vendor`'s `kind` phase must stay within.
    public static func target(_ kind: PhaseResult.Kind, _ vendor: String) -> Double {
        let own = targets[vendor]
        switch kind {
        case .export: return own?.export ?? exportTarget
        case .intake: return own?.intake ?? intakeTarget
        }
    }

    public var registry: Registry
    /// Where archives are written (a folder that exists).
    public var folder: URL
    /// Handed to every export and intake, for a progress bar.
    public var progress: ProgressMeter?

    public init(registry: Registry, folder: URL, progress: ProgressMeter? = nil) {
        self.registry = registry
        self.folder = folder
        self.progress = progress
    }

    /// Builds the sample, then per vendor: export, floor (untimed read-back), intake.
    public func run(_ plan: BenchPlan) throws -> CaseRun {
        let sample = try plan.sample.validated()
        let (built, sampleSeconds) = try Stopwatch.time { try SampleCase.make(sample) }
        var phases: [PhaseResult] = []
        for vendor in plan.vendors {
            let url = folder.appendingPathComponent("bench-\(sample.resolvedStages)x\(sample.resolvedTrianglesPerTooth).\(vendor).zip")
            // The bar names each phase; an adapter that ticks the meter restarts it with its own units.
            let models = built.arches.reduce(0) { $0 + $1.stages.count }
            progress?.begin("bench export \(vendor)", units: models)
            var export = try exportPhase(built, vendor: vendor, to: url)
            // The floor's bytes are read back before the intake so both phases share its mesh byte count.
            progress?.begin("bench floors \(vendor)", units: 0)
            let floor = try CompressionFloor.measure(url, level: try deflateLevel(vendor), password: try password(for: vendor))
            progress?.finish()
            progress?.begin("bench intake \(vendor)", units: models)
            var intake = try intakePhase(url, vendor: vendor)
            export.meshBytes = floor.meshBytes
            intake.meshBytes = floor.meshBytes
            if plan.floors {
                export.floorSeconds = floor.deflateSeconds
                export.floorCPUSeconds = floor.deflateCPUSeconds
                intake.floorSeconds = floor.inflateSeconds
                intake.floorCPUSeconds = floor.inflateCPUSeconds
                export.libdeflateFloorSeconds = floor.libdeflateSeconds
                export.libdeflateFloorCPUSeconds = floor.libdeflateCPUSeconds
                intake.libdeflateFloorSeconds = floor.libinflateSeconds
                intake.libdeflateFloorCPUSeconds = floor.libinflateCPUSeconds
                export.zlibFloorBytes = floor.compressedBytes
                export.libdeflateFloorBytes = floor.libdeflateCompressedBytes
            }
            phases += [export, intake]
        }
        return CaseRun(size: Self.size(built, sample), sampleSeconds: sampleSeconds, phases: phases)
    }

    /// The deflate level `vendor` writes its entries at, as its descriptor declares it (the zip default
    /// when it declares none).
    public func deflateLevel(_ vendor: String) throws -> Int {
        try registry.adapter(vendor).descriptor.deflateLevel ?? ArchiveWriteOptions.defaultCompressionLevel(for: .zip) ?? 6
    }

    func exportPhase(_ plan: TreatmentPlan, vendor: String, to url: URL) throws -> PhaseResult {
        let adapter = try registry.adapter(vendor)
        let reset = PeakMemory.reset()
        let start = PeakMemory.current() ?? 0
        // force: the benchmark measures writing; the check still runs as it does in the CLI.
        let options = ExportOptions(force: true, overwrite: true, password: try password(for: vendor), progress: progress)
        let (summary, seconds, cpu) = try Stopwatch.timeWithCPU { try adapter.export(plan, to: url, options: options) }
        progress?.finish()
        let peak = PeakMemory.peak(afterReset: reset)
        return PhaseResult(kind: .export, vendor: vendor, seconds: seconds, cpuSeconds: cpu, meshBytes: 0, archiveBytes: summary.bytes,
                           peakRSSBytes: peak.bytes, startRSSBytes: start, rssScope: peak.scope, floorSeconds: nil, floorCPUSeconds: nil,
                           targetRatio: Self.target(.export, vendor), accepted: nil)
    }

    func intakePhase(_ url: URL, vendor: String) throws -> PhaseResult {
        let reset = PeakMemory.reset()
        let start = PeakMemory.current() ?? 0
        // Probed, not named, and fully validated: what `aligngate intake ARCHIVE` does.
        let (outcome, seconds, cpu) = try Stopwatch.timeWithCPU {
            try Intake.run(url, registry: registry, options: IntakeOptions(password: try password(for: vendor), progress: progress))
        }
        progress?.finish()
        let peak = PeakMemory.peak(afterReset: reset)
        let archiveBytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        return PhaseResult(kind: .intake, vendor: vendor, seconds: seconds, cpuSeconds: cpu, meshBytes: 0, archiveBytes: archiveBytes,
                           peakRSSBytes: peak.bytes, startRSSBytes: start, rssScope: peak.scope, floorSeconds: nil, floorCPUSeconds: nil,
                           targetRatio: Self.target(.intake, vendor), accepted: outcome.isAccepted && outcome.vendor == vendor)
    }

    static func size(_ plan: TreatmentPlan, _ options: SampleOptions) -> CaseSize {
        let perArch = plan.arches.map { arch in
            arch.teeth.reduce(0) { $0 + ($1.crown?.triangleCount ?? 0) } + (arch.gingiva?.triangleCount ?? 0)
        }
        return CaseSize(stages: options.resolvedStages, trianglesPerTooth: options.resolvedTrianglesPerTooth,
                        stageModels: plan.arches.reduce(0) { $0 + $1.stages.count },
                        trianglesPerArch: perArch.isEmpty ? 0 : perArch.reduce(0, +) / perArch.count)
    }
}
