import Gateway
import PlanModel
import SampleCases
import Testing
@testable import PerformanceBench

/// The matrix and collision-checkpoint section of the benchmark: what it counts, and how it prints.
@Suite struct MatrixBenchTests {
    @Test func itTimesTheWholeMatrixAndEveryContactOfEveryStage() throws {
        let registry = try Registry.standard()
        let plan = try SampleCase.make(SampleOptions(stages: 4, trianglesPerTooth: 300, seed: 1))
        let t = try MatrixBench.measure(plan, registry: registry, repeats: 2)
        let exporting = registry.adapters.filter { $0.descriptor.direction.exports }.count
        #expect(t.vendors == exporting && t.repeats == 2)
        let matrix = try CompatibilityMatrix.check(plan, registry: registry)
        #expect(t.pricedVendors == matrix.rows.filter { $0.restage != nil }.count)
        // Every contact at every stage of both arches: the sample has 13 contacts per arch.
        #expect(t.contacts == plan.arches.map { ArchCollisions.contacts($0).count }.reduce(0, +))
        #expect(t.contacts == 26)
        #expect(t.stages == plan.arches.map(\.stages.count).reduce(0, +))
        #expect(t.contactStages == plan.arches.map { ArchCollisions.contacts($0).count * $0.stages.count }.reduce(0, +))
        #expect(t.matrixSeconds > 0 && t.collisionSeconds > 0 && t.matrixCPUSeconds > 0 && t.pricingSeconds > 0)
        #expect(t.samplingBoundMM > 0)
    }

    @Test func theSectionSaysWhatWasMeasuredAndWhetherEachTargetIsMet() {
        let t = MatrixTiming(vendors: 8, pricedVendors: 3, matrixSeconds: 0.42, matrixCPUSeconds: 0.80, pricingSeconds: 0.031, collisionSeconds: 2.5,
                             collisionCPUSeconds: 4.9, contacts: 26, stages: 82, contactStages: 1066, samplingBoundMM: 0.0912, repeats: 3,
                             matrixTargetSeconds: MatrixBench.matrixTarget, collisionTargetSeconds: MatrixBench.collisionTarget)
        let lines = MatrixBenchText.render(t).split(separator: "\n").map(String.init)
        #expect(lines[0].contains("median of 3"))
        let matrix = lines.first { $0.hasPrefix("matrix") } ?? "", collisions = lines.first { $0.hasPrefix("collision") } ?? ""
        #expect(matrix.contains("0.420") && matrix.contains("1.90") && matrix.contains("8 systems, 3 with a priced restage") && matrix.hasSuffix("yes"))
        #expect(lines.contains { $0.hasPrefix("restage pricing") && $0.contains("0.031") })
        #expect(collisions.contains("2.500") && collisions.contains("1066 contact-stages (26 contacts, 82 stages), vertex depth within 0.091 mm") && collisions.hasSuffix("no"))
        let report = BenchReport(machine: MachineInfo(cores: 2, cpu: "X", memoryBytes: 1, os: "Linux", build: "release"), runs: [], matrix: t)
        #expect(BenchText.render(report).contains("Compatibility matrix and collision checkpoint"))
    }
}
