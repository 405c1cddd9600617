import Gateway
import Teeth3DSVendor
import Testing
import VendorConformance

@Suite struct Teeth3DSConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: Teeth3DSAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
