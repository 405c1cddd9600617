/// One check of the kit. A test runs each as its own case (`@Test(arguments: ConformanceCheck.own)`), so
/// a failure names its check.
public enum ConformanceCheck: String, CaseIterable, Sendable, CustomStringConvertible {
    case descriptor
    case export
    case roundTrip = "round-trip"
    case probe
    case foreignProbe = "foreign-probe"
    case determinism
    case damage
    case seededDamage = "seeded-damage"
    case atomicity
    case interruptedWrite = "interrupted-write"
    case cancelledWrite = "cancelled-write"

    /// What the check proves, in words.
    public var title: String {
        switch self {
        case .descriptor: "descriptor is well-formed"
        case .export: "export of the samples succeeds or fails only with declared findings"
        case .roundTrip: "export then intake preserves what the descriptor claims"
        case .probe: "probe claims its own output, not random bytes"
        case .foreignProbe: "probe claims no other adapter's output"
        case .determinism: "two exports are byte-identical"
        case .damage: "damaged archives and missing or garbage entries give typed errors"
        case .seededDamage: "seeded random damage gives typed errors or findings naming the entry"
        case .atomicity: "a refused or blocked export leaves nothing behind"
        case .interruptedWrite: "an export whose output fails midway leaves nothing behind"
        case .cancelledWrite: "an export cancelled while entries are produced leaves nothing behind"
        }
    }

    public var description: String { rawValue }

    /// Every check an adapter's own test target runs: all but `foreignProbe`, which needs the other
    /// adapters and runs where they are all built (Tests/ConformanceTests).
    public static let own: [ConformanceCheck] = allCases.filter { $0 != .foreignProbe }
}
