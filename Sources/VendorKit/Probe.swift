/// One adapter's confidence that an archive is its format.
public struct ProbeScore: Sendable, Hashable, Codable {
    public var vendor: String
    public var score: Int

    public init(vendor: String, score: Int) {
        self.vendor = vendor
        self.score = score
    }
}

/// Picks the adapter for an archive: the single highest score wins; a tie at the top or a top score
/// below `minimumScore` is ambiguous and never guessed.
public enum Probe {
    /// The score an adapter must reach to be chosen.
    public static let minimumScore = 50

    /// Scores of every adapter that ingests, highest first (ties by id, for a stable order).
    public static func scores(_ listing: ArchiveListing, adapters: [any VendorAdapter]) -> [ProbeScore] {
        adapters.filter { $0.descriptor.direction.ingests }
            .map { ProbeScore(vendor: $0.descriptor.id, score: min(100, max(0, $0.probe(listing)))) }
            .sorted { ($0.score, $1.vendor) > ($1.score, $0.vendor) }
    }

    /// The adapter whose format `listing` is.
    public static func choose(_ listing: ArchiveListing, adapters: [any VendorAdapter]) throws(VendorError) -> any VendorAdapter {
        let ranked = scores(listing, adapters: adapters)
        guard let best = ranked.first, best.score >= minimumScore,
              ranked.dropFirst().first.map({ $0.score < best.score }) ?? true,
              let adapter = adapters.first(where: { $0.descriptor.id == best.vendor }) else {
            throw .ambiguous(archive: listing.name, candidates: ranked.filter { $0.score > 0 })
        }
        return adapter
    }
}
