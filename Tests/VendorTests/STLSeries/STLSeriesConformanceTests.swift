import Gateway
import STLSeriesVendor
import Testing
import VendorConformance

@Suite struct STLSeriesConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: STLSeriesAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
