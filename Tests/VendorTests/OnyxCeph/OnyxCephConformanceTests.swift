import OnyxCephVendor
import Testing
import VendorConformance

/// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
@Suite struct OnyxCephConformanceTests {
    @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
        let result = await ConformanceKit(adapter: OnyxCephAdapter()).check(check)
        #expect(result.passed, "\(result)")
    }
}
