import RefSegmentedVendor
import Testing
import VendorConformance

/// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
@Suite struct RefSegmentedConformanceTests {
    @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
        let result = await ConformanceKit(adapter: RefSegmentedAdapter()).check(check)
        guard check == .seededDamage else { return #expect(result.passed, "\(result)") }
        // Known gap the seeded damage found: nothing in a ref-segmented tar.gz is checksummed where intake
        // looks — libarchive does not verify the gzip CRC, and case.xml has no per-file hash — so a flipped
        // bit inside a PLY, or two crowns of the same size swapped, read without an error. Fixing it needs
        // ArchiveIO to check the gzip trailer and the format a hash per mesh (a new major version).
        withKnownIssue("ref-segmented cannot detect silent PLY corruption or same-size crown swaps") {
            #expect(result.passed, "\(result)")
        }
    }
}
