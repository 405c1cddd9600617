import Foundation

/// One timed phase: an export or an intake of one vendor's archive.
public struct PhaseResult: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case export, intake }

    public var kind: Kind
    public var vendor: String
    public var seconds: Double
    /// CPU seconds of all the process's threads during the phase.
    public var cpuSeconds: Double
    /// Uncompressed mesh bytes the phase produced or consumed (stage models and templates).
    public var meshBytes: Int64
    public var archiveBytes: Int64
    public var peakRSSBytes: Int64
    /// Resident memory when the phase began (what earlier phases left: the plan, the allocator's pools).
    public var startRSSBytes: Int64
    public var rssScope: PeakMemory.Scope
    /// The zlib-only time for the same bytes on all cores (deflate for export, inflate + CRC for intake).
    public var floorSeconds: Double?
    public var floorCPUSeconds: Double?
    /// What the phase must stay within, as a multiple of the zlib floor.
    public var targetRatio: Double
    /// Intake only: whether the plan read back was accepted (probe, parse, validation).
    public var accepted: Bool?
    /// The libdeflate-only time for the same bytes on all cores (deflate; or inflate whole + CRC).
    public var libdeflateFloorSeconds: Double?
    public var libdeflateFloorCPUSeconds: Double?
    /// Export only: the payload deflated by each floor, beside `archiveBytes`.
    public var zlibFloorBytes: Int64?
    public var libdeflateFloorBytes: Int64?

    public init(kind: Kind, vendor: String, seconds: Double, cpuSeconds: Double, meshBytes: Int64, archiveBytes: Int64, peakRSSBytes: Int64,
                startRSSBytes: Int64, rssScope: PeakMemory.Scope, floorSeconds: Double?, floorCPUSeconds: Double?, targetRatio: Double, accepted: Bool?,
                libdeflateFloorSeconds: Double? = nil, libdeflateFloorCPUSeconds: Double? = nil, zlibFloorBytes: Int64? = nil,
                libdeflateFloorBytes: Int64? = nil) {
        self.kind = kind
        self.vendor = vendor
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.meshBytes = meshBytes
        self.archiveBytes = archiveBytes
        self.peakRSSBytes = peakRSSBytes
        self.startRSSBytes = startRSSBytes
        self.rssScope = rssScope
        self.floorSeconds = floorSeconds
        self.floorCPUSeconds = floorCPUSeconds
        self.targetRatio = targetRatio
        self.accepted = accepted
        self.libdeflateFloorSeconds = libdeflateFloorSeconds
        self.libdeflateFloorCPUSeconds = libdeflateFloorCPUSeconds
        self.zlibFloorBytes = zlibFloorBytes
        self.libdeflateFloorBytes = libdeflateFloorBytes
    }

    /// MB (10⁶ bytes) of mesh data per second.
    public var meshMBps: Double { seconds > 0 ? Double(meshBytes) / 1e6 / seconds : 0 }
    /// How far the phase raised resident memory above where it began: its own working set.
    public var growthBytes: Int64 { max(0, peakRSSBytes - startRSSBytes) }
    /// Cores the phase kept busy on average (CPU over wall seconds).
    public var coresUsed: Double { seconds > 0 ? cpuSeconds / seconds : 0 }
    /// Cores the floor actually got; below the machine's count the machine was busy and the floor is slow.
    public var floorCoresUsed: Double? {
        guard let floorSeconds, let floorCPUSeconds, floorSeconds > 0 else { return nil }
        return floorCPUSeconds / floorSeconds
    }
    /// Phase time over the zlib floor's time.
    public var ratio: Double? { floorSeconds.flatMap { $0 > 0 ? seconds / $0 : nil } }
    /// Phase time over the libdeflate floor's time.
    public var libdeflateRatio: Double? { libdeflateFloorSeconds.flatMap { $0 > 0 ? seconds / $0 : nil } }
    /// Whether the ratio is within the target (nil without a floor).
    public var meetsTarget: Bool? { ratio.map { $0 <= targetRatio } }
}

/// The size of the case a run measured.
public struct CaseSize: Sendable, Codable, Hashable {
    /// Upper-arch aligners (the sample's `--stages`).
    public var stages: Int
    public var trianglesPerTooth: Int
    /// Stage models in the plan (both arches, every stage).
    public var stageModels: Int
    /// Triangles of one arch's stage-0 model, averaged over arches.
    public var trianglesPerArch: Int

    public init(stages: Int, trianglesPerTooth: Int, stageModels: Int, trianglesPerArch: Int) {
        self.stages = stages
        self.trianglesPerTooth = trianglesPerTooth
        self.stageModels = stageModels
        self.trianglesPerArch = trianglesPerArch
    }
}

/// The machine a run was measured on.
public struct MachineInfo: Sendable, Codable, Hashable {
    public var cores: Int
    public var cpu: String
    public var memoryBytes: UInt64
    public var os: String
    /// "release" or "debug": debug figures are not comparable.
    public var build: String

    public init(cores: Int, cpu: String, memoryBytes: UInt64, os: String, build: String) {
        self.cores = cores
        self.cpu = cpu
        self.memoryBytes = memoryBytes
        self.os = os
        self.build = build
    }

    /// This machine.
    public static func current() -> MachineInfo {
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        let info = ProcessInfo.processInfo
        return MachineInfo(cores: info.activeProcessorCount, cpu: cpuModel() ?? "unknown", memoryBytes: info.physicalMemory,
                           os: info.operatingSystemVersionString, build: build)
    }

    /// The first "model name" of /proc/cpuinfo.
    static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        return cpuModel(cpuinfo: text)
    }

    /// The first "model name" value of a /proc/cpuinfo text.
    public static func cpuModel(cpuinfo: String) -> String? {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

/// One case's phases.
public struct CaseRun: Sendable, Codable, Hashable {
    public var size: CaseSize
    /// Building the sample plan in memory (not part of any phase).
    public var sampleSeconds: Double
    public var phases: [PhaseResult]

    public init(size: CaseSize, sampleSeconds: Double, phases: [PhaseResult]) {
        self.size = size
        self.sampleSeconds = sampleSeconds
        self.phases = phases
    }
}

/// Everything one `aligngate bench` invocation measured.
public struct BenchReport: Sendable, Codable, Hashable {
    public var machine: MachineInfo
    public var runs: [CaseRun]
    /// The matrix and collision checkpoint on the main case (`MatrixBench`).
    public var matrix: MatrixTiming?

    public init(machine: MachineInfo, runs: [CaseRun], matrix: MatrixTiming? = nil) {
        self.machine = machine
        self.runs = runs
        self.matrix = matrix
    }
}
