import Gateway
import Testing
import VendorConformance
import VendorKit

/// The one check that needs every adapter: no adapter claims another's output. It runs here, where the
/// Gateway's generated list of built-in adapters is compiled, so a vendor's own test target builds only
/// that vendor.
@Suite struct ForeignProbeTests {
    @Test(arguments: BuiltInVendors.all.map(\.descriptor.id))
    func claimsNoOtherAdaptersOutput(_ id: String) async throws {
        let adapters = try Registry.standard().adapters
        let adapter = try #require(adapters.first { $0.descriptor.id == id })
        let result = await ConformanceKit(adapter: adapter, others: adapters).check(.foreignProbe)
        #expect(result.passed, "\(result)")
    }

}
