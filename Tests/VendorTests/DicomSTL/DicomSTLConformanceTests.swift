import DicomSTLVendor
import Gateway
import Testing
import VendorConformance

@Suite struct DicomSTLConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: DicomSTLAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
