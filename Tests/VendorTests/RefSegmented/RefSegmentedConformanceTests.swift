import RefSegmentedVendor
import Testing
import VendorConformance

/// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
@Suite struct RefSegmentedConformanceTests {
    @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
        let result = await ConformanceKit(adapter: RefSegmentedAdapter()).check(check)
        #expect(result.passed, "\(result)")
    }
}
