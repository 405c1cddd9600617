import PlanModel
@testable import STLSeriesVendor
import Testing

/// A `--layout` pattern with several `*` against a long name: each (piece, position) is tried once, so
/// the match ends at once; before, this pattern and name backtracked for longer than 20 s.
struct LayoutPatternBacktrackingTests {
    static let pattern = "{jaw}*a*a*a*a*a*a*a*{stage}.stl"

    @Test func manyWildcardsOnALongNameThatDoesNotMatch() throws {
        let layout = try LayoutPattern.parse(Self.pattern).get()
        #expect(layout.match("upper" + String(repeating: "a", count: 60) + ".stl") == nil)
    }

    @Test func manyWildcardsOnALongNameThatMatches() throws {
        let layout = try LayoutPattern.parse(Self.pattern).get()
        let parsed = try #require(layout.match("upper" + String(repeating: "a", count: 60) + "07.stl"))
        #expect(parsed.jaw == .upper)
        #expect(parsed.stage == 7)
    }
}
