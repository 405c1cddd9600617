import PlanModel
import VendorKit

/// What restaging a plan for one system costs, computed without writing anything: the matrix's priced
/// remedy for step-limit errors ("restage for ref-segmented: +4 aligners upper, +6 lower (+12 weeks at 14 days)").
public struct RestagePrice: Sendable, Hashable, Codable {
    /// One arch's aligners before and after.
    public struct ArchPrice: Sendable, Hashable, Codable {
        public var jaw: Jaw
        public var aligners: Int
        public var restagedAligners: Int
        public var added: Int { restagedAligners - aligners }

        enum CodingKeys: String, CodingKey { case jaw, aligners, restagedAligners, added }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(jaw, forKey: .jaw)
            try c.encode(aligners, forKey: .aligners)
            try c.encode(restagedAligners, forKey: .restagedAligners)
            try c.encode(added, forKey: .added)
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            jaw = try c.decode(Jaw.self, forKey: .jaw)
            aligners = try c.decode(Int.self, forKey: .aligners)
            restagedAligners = try c.decode(Int.self, forKey: .restagedAligners)
        }

        public init(jaw: Jaw, aligners: Int, restagedAligners: Int) {
            self.jaw = jaw
            self.aligners = aligners
            self.restagedAligners = restagedAligners
        }
    }

    public var vendor: String
    public var margin: Double
    public var arches: [ArchPrice]
    /// The plan's wear interval.
    public var wearIntervalDays: Int
    /// How much longer the treatment runs (the longer arch decides), in weeks.
    public var addedWeeks: Double
    /// The system's aligner cap when the restaged plan would exceed it (restaging alone is then no remedy).
    public var exceedsCap: Int?

    /// "restage for ref-segmented: +4 aligners upper, +6 lower (+12 weeks at 14 days)".
    public var text: String {
        let parts = arches.enumerated().map { i, a in
            "+\(a.added)\(i == 0 ? " aligners" : "") \(a.jaw.rawValue)"
        }
        let weeks = addedWeeks == addedWeeks.rounded() ? String(Int(addedWeeks)) : String((addedWeeks * 10).rounded() / 10)
        var out = "restage for \(vendor): \(parts.joined(separator: ", ")) (+\(weeks) weeks at \(wearIntervalDays) days)"
        if let cap = exceedsCap {
            out += "; more than \(vendor)'s \(cap) aligners per arch, so also split the treatment into phases"
        }
        return out
    }

    /// The default margin the matrix prices with (`aligngate restage`'s default).
    public static let defaultMargin = 0.95

    /// The price of restaging `plan` for `descriptor`, or nil when no step exceeds its limits (nothing to
    /// restage) or the plan cannot be restaged for it (a limit of zero).
    public static func of(_ plan: TreatmentPlan, for descriptor: VendorDescriptor, margin: Double = defaultMargin) -> RestagePrice? {
        let profile = descriptor.profile
        guard let (_, arches) = try? Restaging.restage(plan, margin: margin, limit: { profile.limit($1, for: $0.toothClass) }),
              arches.contains(where: { $0.added > 0 }) else { return nil }
        let before = arches.map(\.originalAligners).max() ?? 0, after = arches.map(\.aligners).max() ?? 0
        let days = plan.metadata.wearIntervalDays
        let needed = arches.map(\.aligners).max() ?? 0
        return RestagePrice(vendor: descriptor.id, margin: margin,
                            arches: arches.map { ArchPrice(jaw: $0.jaw, aligners: $0.originalAligners, restagedAligners: $0.aligners) },
                            wearIntervalDays: days, addedWeeks: Double((after - before) * days) / 7,
                            exceedsCap: profile.maxStages.flatMap { needed > $0 ? $0 : nil })
    }
}
