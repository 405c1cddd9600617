import AlignPlanVendor
import Gateway
import Testing
import VendorConformance

@Suite struct AlignPlanConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: AlignPlanAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
