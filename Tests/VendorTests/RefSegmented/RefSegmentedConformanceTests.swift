import Gateway
import RefSegmentedVendor
import Testing
import VendorConformance

/// The conformance kit every adapter passes.
@Suite struct RefSegmentedConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: RefSegmentedAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
