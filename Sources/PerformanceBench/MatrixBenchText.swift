import TextReport

/// Issue 14's section of the benchmark report: the matrix and the collision checkpoint against their targets.
public enum MatrixBenchText {
    public static func render(_ t: MatrixTiming) -> String {
        var table = TextTable.numeric(["check", "wall s", "cores", "what", "target", "met"])
        func cores(_ cpu: Double, _ wall: Double) -> String { BenchText.number(wall > 0 ? cpu / wall : 0, 2) }
        table.add(["matrix, every system", BenchText.number(t.matrixSeconds, 3), cores(t.matrixCPUSeconds, t.matrixSeconds),
                   "\(t.vendors) systems, \(t.pricedVendors) with a priced restage", "< " + BenchText.number(t.matrixTargetSeconds, 2) + " s",
                   t.matrixMeetsTarget ? "yes" : "no"])
        table.add(["restage pricing", BenchText.number(t.pricingSeconds, 3), "-", "every system priced, whatever its verdict", "-", "-"])
        table.add(["collision checkpoint", BenchText.number(t.collisionSeconds, 3), cores(t.collisionCPUSeconds, t.collisionSeconds),
                   "\(t.contactStages) contact-stages (\(t.contacts) contacts, \(t.stages) stages), vertex depth within \(BenchText.number(t.samplingBoundMM, 3)) mm",
                   "≤ " + BenchText.number(t.collisionTargetSeconds, 2) + " s", t.collisionMeetsTarget ? "yes" : "no"])
        return "Compatibility matrix and collision checkpoint (cold, median of \(t.repeats)):\n" + table.rendered
    }
}
