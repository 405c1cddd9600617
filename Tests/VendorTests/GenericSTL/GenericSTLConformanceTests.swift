import Gateway
import GenericSTLVendor
import Testing
import VendorConformance

@Suite struct GenericSTLConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: GenericSTLAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
