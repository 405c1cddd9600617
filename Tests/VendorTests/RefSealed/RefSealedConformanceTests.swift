import Gateway
import RefSealedVendor
import Testing
import VendorConformance

/// The conformance kit every adapter passes (it seals and opens the archives with its own password).
@Suite struct RefSealedConformanceTests {
    @Test func passesTheConformanceKit() throws {
        let report = ConformanceKit(adapter: RefSealedAdapter(), others: try Registry.standard().adapters).run()
        #expect(report.passed, "\(report)")
    }
}
