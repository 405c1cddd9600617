import VendorKit

/// Recognises an STL series from its listing alone (FORMAT.md, "Probe"): model files whose names give a
/// jaw and stage, a stage 0 among them, and no manifest of a format that describes its own models (JSON,
/// XML, DICOM): those belong to their own adapters, and `--vendor stl-series` still reads them.
enum STLSeriesProbe {
    /// Most models named, a stage 0, two or more models.
    static let series = 85
    /// A single named model (a scan, or stage 0 only).
    static let single = 55
    /// A manifest-carrying layout: at most this.
    static let withManifest = 15

    static let manifestExtensions: Set<String> = ["json", "xml", "dcm", "3ml"]

    static func score(_ listing: ArchiveListing) -> Int {
        let paths = listing.filePaths
        let models = paths.filter(SeriesLayout.isModel)
        guard !models.isEmpty else { return 0 }
        let parsed = models.map { StageNameRules.parse(path: $0) }
        let named = parsed.filter { $0.jaw != nil && $0.stage != nil }
        let hasInitial = named.contains { $0.stage == 0 }
        let jawOnly = parsed.filter { $0.jaw != nil && $0.stage == nil }.count
        var score = 0
        if named.count >= 2, hasInitial, named.count * 2 > models.count { score = series }
        else if named.count + jawOnly >= 1 { score = single }
        // Per-step Info tables (`Step N - Info.csv`) describe their models too: an OnyxCeph³-style export.
        let manifest = paths.contains { p in p.split(separator: ".").last.map { manifestExtensions.contains($0.lowercased()) } ?? false }
            || paths.contains { $0.lowercased().hasSuffix(" - info.csv") }
        return manifest ? min(score, withManifest) : score
    }
}
