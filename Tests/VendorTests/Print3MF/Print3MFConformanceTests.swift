import Print3MFVendor
import Testing
import VendorConformance

/// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
@Suite struct Print3MFConformanceTests {
    @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
        let result = await ConformanceKit(adapter: Print3MFAdapter()).check(check)
        #expect(result.passed, "\(result)")
    }
}
