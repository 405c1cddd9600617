import Teeth3DSVendor
import Testing
import VendorConformance

/// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
@Suite struct Teeth3DSConformanceTests {
    @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
        let result = await ConformanceKit(adapter: Teeth3DSAdapter()).check(check)
        #expect(result.passed, "\(result)")
    }
}
