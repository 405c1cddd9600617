import ArchiveIO
import Foundation
import GenericSTLVendor
import PlanModel
import Testing
import VendorKit

/// Intake on the concurrent reader: progress, and the same plan whatever the timing.
@Suite struct GenericSTLStreamingIntakeTests {
    @Test func progressCountsEveryModelAndItsBytes() throws {
        let (url, _) = try GSTL.sample()
        let meter = ProgressMeter()
        _ = try GSTL.adapter.read(url, options: IntakeOptions(progress: meter))
        let seen = meter.snapshot
        let models = GSTL.plan.arches.reduce(0) { $0 + $1.stages.count + 1 }  // every stage, and the template
        #expect(seen.finished)
        #expect(seen.unitsTotal == models && seen.unitsDone == models)
        #expect(seen.bytesDone == seen.bytesTotal && seen.bytesTotal > 0)
    }

    @Test func repeatedIntakeGivesTheSamePlanAndFindings() throws {
        let (url, _) = try GSTL.sample()
        // An edited model makes findings whose order must not depend on which worker finished first.
        let edited = try GSTL.rewrite(url) { path, data in
            guard path.hasSuffix(".stl"), path.contains("stage-05") || path.contains("stage-09") else { return data }
            var bytes = data
            bytes[84 + 12 + 3] ^= 0x40  // the sign-and-exponent byte of the first corner's x
            return bytes
        }
        let first = try GSTL.adapter.read(edited, options: IntakeOptions())
        #expect(first.report.findings.count >= 2)
        for _ in 0..<3 {
            let again = try GSTL.adapter.read(edited, options: IntakeOptions())
            #expect(again.plan == first.plan)
            #expect(again.report.findings == first.report.findings)
        }
    }
}
