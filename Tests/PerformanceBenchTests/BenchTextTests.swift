import Foundation
import Testing
@testable import PerformanceBench

@Suite struct BenchTextTests {
    static func phase(_ kind: PhaseResult.Kind, seconds: Double, floor: Double?, target: Double) -> PhaseResult {
        PhaseResult(kind: kind, vendor: "generic-stl", seconds: seconds, cpuSeconds: seconds, meshBytes: 700_000_000, archiveBytes: 200_000_000,
                    peakRSSBytes: 250_000_000, startRSSBytes: 100_000_000, rssScope: .phase, floorSeconds: floor, floorCPUSeconds: floor.map { 2 * $0 }, targetRatio: target, accepted: kind == .intake ? true : nil)
    }

    @Test func ratiosAndTargets() {
        let fast = Self.phase(.export, seconds: 12, floor: 10, target: 1.25)
        #expect(fast.ratio == 1.2)
        #expect(fast.meetsTarget == true)
        #expect(abs(fast.meshMBps - 700.0 / 12) < 1e-9)
        let slow = Self.phase(.intake, seconds: 16, floor: 10, target: 1.5)
        #expect(slow.meetsTarget == false)
        #expect(fast.growthBytes == 150_000_000)
        #expect(fast.coresUsed == 1)
        #expect(fast.floorCoresUsed == 2)
        let unmeasured = Self.phase(.export, seconds: 1, floor: nil, target: 1.25)
        #expect(unmeasured.ratio == nil)
        #expect(unmeasured.meetsTarget == nil)
    }

    @Test func thePhaseTableShowsRateMemoryAndVerdict() {
        let run = CaseRun(size: CaseSize(stages: 40, trianglesPerTooth: 10_600, stageModels: 82, trianglesPerArch: 170_000),
                          sampleSeconds: 1,
                          phases: [Self.phase(.export, seconds: 14, floor: 10, target: 1.25),
                                   Self.phase(.intake, seconds: 7, floor: 5, target: 1.5)])
        let lines = BenchText.phases(run).rendered.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[2].hasPrefix("export generic-stl"))
        #expect(lines[2].contains("14.00") && lines[2].contains("50.0") && lines[2].contains("250") && lines[2].contains("150") && lines[2].contains("1.40x"))
        #expect(lines[2].hasSuffix("no"))
        #expect(lines[3].contains("1.40x") && lines[3].hasSuffix("yes"))
        let text = BenchText.render(BenchReport(machine: MachineInfo(cores: 2, cpu: "X", memoryBytes: 8_000_000_000, os: "Linux", build: "debug"),
                                                runs: [run, run]))
        #expect(text.contains("debug build (figures not comparable"))
        #expect(text.contains("Scaling"))
    }
}
