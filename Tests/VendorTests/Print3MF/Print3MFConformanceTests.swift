import Gateway
import Print3MFVendor
import Testing
import VendorConformance

@Suite struct Print3MFConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: Print3MFAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
